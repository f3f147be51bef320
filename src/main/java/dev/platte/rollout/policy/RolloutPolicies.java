package dev.platte.rollout.policy;

import java.time.Instant;

/**
 * The rollout decision as a pure function: no clock, no database, only its arguments. Time is an
 * argument so that time-based rules (windows, periods, timeouts) stay testable without a clock.
 */
public final class RolloutPolicies {

    private RolloutPolicies() {}

    public static RolloutDecision decide(GroupPolicy policy, Instant now) {
        if (!policy.updatesEnabled()) {
            return RolloutDecision.hold(HoldReason.UPDATES_DISABLED);
        }
        if (policy.paused()) {
            return RolloutDecision.hold(HoldReason.PAUSED);
        }
        return RolloutDecision.grant();
    }
}
