package dev.platte.rollout.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * A staged rollout: the share of a group eligible for a new target grows linearly from
 * {@code startPercent} to 100% over {@code duration}, counted from when the target was set.
 */
public record Ramp(int startPercent, Duration duration) {

    /** Membership is decided in basis points, so shares finer than a percent work. */
    static final int BUCKETS = 10_000;

    /** The least share a ramp may start with; at most 100. */
    public static final int MIN_START_PERCENT = 0;

    public Ramp {
        if (startPercent < MIN_START_PERCENT || startPercent > 100) {
            throw new IllegalArgumentException("startPercent must be between 0 and 100");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
    }

    /** The eligible share at {@code now}, in basis points (0..10,000). */
    public int shareAt(Instant rolloutStart, Instant now) {
        var elapsed = Duration.between(rolloutStart, now);
        if (elapsed.isNegative()) {
            elapsed = Duration.ZERO;
        }
        if (elapsed.compareTo(duration) >= 0) {
            return BUCKETS;
        }
        var start = startPercent * 100L;
        return (int) (start + (BUCKETS - start) * elapsed.toMillis() / duration.toMillis());
    }

    public boolean admits(String machineId, String targetVersion, Instant rolloutStart, Instant now) {
        return bucket(machineId, targetVersion) < shareAt(rolloutStart, now);
    }

    /**
     * A machine's fixed place in line for one release: the same on every replica, and a different
     * order for each release, so the same machines do not always go first.
     */
    public static int bucket(String machineId, String targetVersion) {
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest((machineId + "\n" + targetVersion).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(value, BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
