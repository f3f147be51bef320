package dev.platte.fleet;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Deletes the oldest rows past their retention, one bounded batch per transaction. */
@Service
class RetentionService {

    /**
     * What is pruned, in the order it is pruned: history and events before instances, so that deleting an
     * instance rarely cascades to more than its per-application state. Each statement picks the oldest
     * {@code :limit} rows through an index on the age column (V25 and earlier), so a batch costs the same
     * however large the table or the backlog.
     */
    enum Target {
        STATUS_HISTORY("status changes", RetentionProperties::statusHistory, """
                DELETE FROM instance_status_history WHERE id = ANY(ARRAY(
                    SELECT id FROM instance_status_history WHERE created_at < :cutoff ORDER BY created_at LIMIT :limit))
                """),
        EVENTS("events", RetentionProperties::events, """
                DELETE FROM instance_event WHERE id = ANY(ARRAY(
                    SELECT id FROM instance_event WHERE created_at < :cutoff ORDER BY created_at LIMIT :limit))
                """),
        // Re-checks last_seen_at on the row it deletes: a node that checks in meanwhile is kept.
        INSTANCES("instances", RetentionProperties::instances, """
                DELETE FROM instance WHERE machine_id = ANY(ARRAY(
                    SELECT machine_id FROM instance WHERE last_seen_at < :cutoff ORDER BY last_seen_at LIMIT :limit))
                AND last_seen_at < :cutoff
                """),
        ACTIVITY("activity entries", RetentionProperties::activity, """
                DELETE FROM activity WHERE id = ANY(ARRAY(
                    SELECT id FROM activity WHERE created_at < :cutoff ORDER BY created_at LIMIT :limit))
                """),
        STATUS_BUCKETS("timeline buckets", RetentionProperties::statusBuckets, """
                DELETE FROM group_status_bucket WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM group_status_bucket WHERE bucket_start < :cutoff ORDER BY bucket_start LIMIT :limit))
                """);

        final String description;
        private final Function<RetentionProperties, Duration> retention;
        private final String sql;

        Target(String description, Function<RetentionProperties, Duration> retention, String sql) {
            this.description = description;
            this.retention = retention;
            this.sql = sql;
        }

        Duration retention(RetentionProperties properties) {
            return retention.apply(properties);
        }
    }

    private final JdbcClient jdbc;

    RetentionService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Deletes up to {@code limit} of the target's rows older than the cutoff; returns how many it deleted. */
    @Transactional
    public int deleteBatch(Target target, Instant cutoff, int limit) {
        return jdbc.sql(target.sql).param("cutoff", Timestamp.from(cutoff)).param("limit", limit).update();
    }
}
