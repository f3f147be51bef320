package dev.platte.rollout.policy;

import java.time.Instant;

/**
 * The counters of a group's rollout of its current target, read under the group's lock.
 *
 * @param startedAt when the channel started serving the target to this group (the ramp counts from it)
 * @param grantsInPeriod grants made within the sliding update period ending now
 * @param inProgress granted updates neither finished, failed nor timed out
 * @param canaryMachineId the canary while it is pending; it may take every step (floors) to the target
 */
public record RolloutProgress(Instant startedAt, int grantsInPeriod, int inProgress, CanaryState canary,
        String canaryMachineId) {

    public RolloutProgress(Instant startedAt, int grantsInPeriod, int inProgress, CanaryState canary) {
        this(startedAt, grantsInPeriod, inProgress, canary, null);
    }

    public enum CanaryState {
        /** Safe mode has not picked a canary for this target yet. */
        NONE,
        PENDING,
        SUCCEEDED,
        FAILED
    }
}
