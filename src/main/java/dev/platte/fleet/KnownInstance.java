package dev.platte.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A registered node's row and its state for one application, as the hot path reads them without a
 * lock: enough to tell whether a check-in would change anything.
 */
public record KnownInstance(
        String ip,
        String alias,
        String oem,
        String oemVersion,
        String alephVersion,
        String bootId,
        Instant lastSeenAt,
        UUID groupId,
        String version,
        InstanceStatus status,
        String holdReason,
        boolean updateInProgress,
        String lastGrantedVersion,
        Instant lastCheckAt,
        boolean retired) {

    /**
     * Whether registering {@code r} would leave everything but the last-seen times as it is: the same
     * rules as {@link FleetService#register} (empty values never erase stored ones).
     */
    public boolean unchangedBy(Registration r) {
        // A retired node coming back is counted again, which is a change.
        return !retired && Objects.equals(ip, r.ip())
                && keeps(alias, r.alias()) && keeps(oem, r.oem()) && keeps(oemVersion, r.oemVersion())
                && keeps(alephVersion, r.alephVersion()) && keeps(bootId, r.bootId())
                && Objects.equals(groupId, r.groupId()) && Objects.equals(version, r.version())
                && !InstanceAppState.completesUpdate(lastGrantedVersion, version, r.version());
    }

    /** Whether the stored last-seen times are recent enough that this check-in need not write them. */
    boolean seenWithin(Duration resolution, boolean updateCheck, Instant now) {
        return isRecent(lastSeenAt, resolution, now) && (!updateCheck || isRecent(lastCheckAt, resolution, now));
    }

    private static boolean isRecent(Instant stored, Duration resolution, Instant now) {
        return stored != null && !stored.isBefore(now.minus(resolution)) && !stored.isAfter(now);
    }

    private static boolean keeps(String stored, String reported) {
        return reported == null || reported.isEmpty() || reported.equals(stored);
    }
}
