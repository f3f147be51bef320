package dev.platte.rollout;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A group's rollout row as read without its lock, by the hot path's single query. */
public record RolloutView(UUID packageId, Instant startedAt, String canaryMachineId, String canaryOutcome) {

    CanaryState canary() {
        return canaryOutcome == null ? CanaryState.NONE : CanaryState.valueOf(canaryOutcome.toUpperCase(Locale.ROOT));
    }
}
