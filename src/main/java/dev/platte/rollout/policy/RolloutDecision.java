package dev.platte.rollout.policy;

/** What the rollout policy allows for one node that runs an older version than its channel serves. */
public sealed interface RolloutDecision {

    record Grant() implements RolloutDecision {}

    record Hold(HoldReason reason) implements RolloutDecision {}

    static RolloutDecision grant() {
        return new Grant();
    }

    static RolloutDecision hold(HoldReason reason) {
        return new Hold(reason);
    }
}
