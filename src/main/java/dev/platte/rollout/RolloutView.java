package dev.platte.rollout;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import java.time.Instant;
import java.util.UUID;

/** A group's rollout row as read without its lock, by the hot path's single query. */
public record RolloutView(UUID packageId, Instant startedAt, String canaryMachineId, CanaryState canary) {

    /** From the row as stored, {@code canaryOutcome} being the column's value. */
    public RolloutView(UUID packageId, Instant startedAt, String canaryMachineId, String canaryOutcome) {
        this(packageId, startedAt, canaryMachineId, CanaryStateConverter.fromStored(canaryOutcome));
    }
}
