package dev.platte.rollout.policy;

import java.util.Optional;

/**
 * When to stop a rollout by itself: at {@code failureCount} failures, or once {@code minAttempts}
 * nodes have tried the target, at {@code failurePercent} of them failing. Either threshold may be unset.
 */
public record AutoHalt(Integer failureCount, Integer failurePercent, int minAttempts) {

    /** The least failure share that can halt; at most 100. */
    public static final int MIN_FAILURE_PERCENT = 1;

    /** How many nodes must have tried before the failure share counts, unless set. */
    public static final int DEFAULT_MIN_ATTEMPTS = 10;

    /** With the default minimum attempts for an absent {@code minAttempts}. */
    public static AutoHalt of(Integer failureCount, Integer failurePercent, Integer minAttempts) {
        return new AutoHalt(failureCount, failurePercent, minAttempts == null ? DEFAULT_MIN_ATTEMPTS : minAttempts);
    }

    public AutoHalt {
        if (failureCount != null && failureCount <= 0) {
            throw new IllegalArgumentException("failureCount must be positive");
        }
        if (failurePercent != null && (failurePercent < MIN_FAILURE_PERCENT || failurePercent > 100)) {
            throw new IllegalArgumentException("failurePercent must be between 1 and 100");
        }
        if (minAttempts <= 0) {
            throw new IllegalArgumentException("minAttempts must be positive");
        }
    }

    /** Which threshold, if any, the failures among attempts reach (reaching counts, as "at N failures"). */
    public Optional<Trip> evaluate(int attempts, int failures) {
        if (failureCount != null && failures >= failureCount) {
            return Optional.of(new Trip("%d failures reached the limit of %d (%d attempts)"
                    .formatted(failures, failureCount, attempts)));
        }
        if (failurePercent != null && attempts >= minAttempts && failures * 100L >= (long) failurePercent * attempts) {
            return Optional.of(new Trip("%d of %d attempts failed (%d%%), at or above the limit of %d%%"
                    .formatted(failures, attempts, failures * 100L / attempts, failurePercent)));
        }
        return Optional.empty();
    }

    /** A tripped threshold, described with its numbers. */
    public record Trip(String description) {}
}
