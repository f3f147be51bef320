package dev.platte.rollout;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A group's rollout row as read without its lock, by the hot path's single query. */
public record RolloutView(UUID packageId, Instant startedAt, String canaryMachineId, String canaryOutcome) {

    CanaryState canary() {
        return canaryOf(canaryOutcome);
    }

    /** The stored canary outcome ({@code pending}, {@code succeeded}, {@code failed} or none) as a state. */
    static CanaryState canaryOf(String outcome) {
        return outcome == null ? CanaryState.NONE : CanaryState.valueOf(outcome.toUpperCase(Locale.ROOT));
    }
}
