package dev.platte.rollout.policy;

/** What the rollout policy allows for one node that runs an older version than its channel serves. */
public sealed interface RolloutDecision {

    /** Update this node; {@code canary} when safe mode makes it the one node that tries the target first. */
    record Grant(boolean canary) implements RolloutDecision {}

    record Hold(HoldReason reason) implements RolloutDecision {}

    static RolloutDecision grant() {
        return new Grant(false);
    }

    static RolloutDecision hold(HoldReason reason) {
        return new Hold(reason);
    }
}
