package dev.platte.fleet;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retiredAfter an instance not seen for this long is retired: hidden on request, deletable in bulk
 * @param lastSeenResolution how precisely "last seen" and "last check" are kept: a check-in that changes
 *     nothing else writes them only when the stored value is older than this
 * @param lastSeenFlushInterval how often the "last seen" times of unchanged check-ins are written, in batches
 * @param lastSeenMaxPending how many unwritten "last seen" times are kept while the writer is behind or the
 *     database is unreachable; beyond it newer ones are dropped (about 280 bytes each, the writer's copy included)
 * @param lastSeenWriteShare the largest share of its time the writer spends writing while it is behind: it
 *     rests between batches of 1,000, at most {@link LastSeenBuffer#MAX_REST} each, so that answering
 *     check-ins keeps the processors (1: never rests)
 */
@ConfigurationProperties("platte.fleet")
public record FleetProperties(
        @DefaultValue("30d") Duration retiredAfter,
        @DefaultValue("60s") Duration lastSeenResolution,
        @DefaultValue("1s") Duration lastSeenFlushInterval,
        @DefaultValue("50000") int lastSeenMaxPending,
        @DefaultValue("0.15") double lastSeenWriteShare) {

    public FleetProperties {
        if (!(lastSeenWriteShare > 0 && lastSeenWriteShare <= 1)) {
            throw new IllegalArgumentException("platte.fleet.last-seen-write-share must be above 0 and at most 1, got "
                    + lastSeenWriteShare);
        }
    }
}
