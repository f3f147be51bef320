package dev.platte.rollout.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * Who may become a group's safe-mode canary, so that machine ids made up once a rollout has started
 * cannot take the role (and, by reporting success, release the target to everyone): a machine Platte
 * knew before the rollout started; in a group that had none, a machine registered at least
 * {@code tenure} ago that is checking in now.
 */
public record CanaryRule(Duration tenure) {

    /** PostgreSQL keeps microseconds, the clock nanoseconds: a time read back may be rounded up by a fraction. */
    private static final Duration READ_BACK_SLACK = Duration.ofMillis(1);

    public CanaryRule {
        if (tenure == null || tenure.isNegative()) {
            throw new IllegalArgumentException("the canary tenure must not be negative");
        }
    }

    /**
     * @param registeredAt when Platte first registered the machine for the application
     * @param groupHadEarlierMachines whether the group had active machines registered before the rollout started
     */
    public boolean admits(Instant registeredAt, Instant rolloutStart, boolean groupHadEarlierMachines, Instant now) {
        if (registeredAt.isBefore(rolloutStart)) {
            return true;
        }
        return !groupHadEarlierMachines && !registeredAt.isAfter(now.minus(tenure).plus(READ_BACK_SLACK));
    }
}
