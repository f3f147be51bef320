package dev.platte.fleet;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long Platte keeps what its nodes leave behind; {@link RetentionJob} deletes anything older.
 *
 * @param enabled prune on a schedule (every {@code interval}, one replica at a time)
 * @param interval how often each replica tries to prune
 * @param statusHistory status changes older than this are deleted
 * @param events update_engine events older than this are deleted
 * @param instances instances not seen for this long are deleted with their per-application state, history
 *     and events (a node that comes back registers afresh)
 * @param activity activity entries older than this are deleted
 * @param statusBuckets timeline buckets (status changes per group and 5 minutes) older than this are deleted
 * @param batchSize rows deleted per transaction
 */
@ConfigurationProperties("platte.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1h") Duration interval,
        @DefaultValue("90d") Duration statusHistory,
        @DefaultValue("90d") Duration events,
        @DefaultValue("90d") Duration instances,
        @DefaultValue("90d") Duration activity,
        @DefaultValue("90d") Duration statusBuckets,
        @DefaultValue("5000") int batchSize) {

    public RetentionProperties {
        // A zero age would empty the tables; fail at start instead.
        for (var age : new Duration[] {interval, statusHistory, events, instances, activity, statusBuckets}) {
            if (!age.isPositive()) {
                throw new IllegalArgumentException("platte.retention durations must be positive, got " + age);
            }
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("platte.retention.batch-size must be at least 1, got " + batchSize);
        }
    }
}
