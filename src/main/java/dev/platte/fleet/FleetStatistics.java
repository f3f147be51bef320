package dev.platte.fleet;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the dashboard draws: which versions a group runs, where its updates stand, and how both moved
 * over time. Every query is bounded by an index on the group (and time for timelines).
 */
@Service
@Transactional(readOnly = true)
public class FleetStatistics {

    private final JdbcTemplate jdbc;
    private final FleetProperties properties;
    private final Clock clock;

    FleetStatistics(JdbcTemplate jdbc, FleetProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** @param counts label → number, largest first */
    public record Breakdown(Map<String, Long> counts, long total) {}

    /**
     * @param buckets the start of each bucket, oldest first
     * @param series per label (status or version), the number per bucket, aligned with {@code buckets}
     */
    public record Timeline(String range, List<Instant> buckets, Map<String, long[]> series) {}

    /** Versions that the group's non-retired instances run. */
    public Breakdown versionsOfGroup(UUID groupId) {
        return breakdown("""
                SELECT s.version, count(*) FROM instance_app_state s JOIN instance i ON i.machine_id = s.machine_id
                WHERE s.group_id = ? AND i.last_seen_at > ? GROUP BY s.version""", groupId);
    }

    /** Versions that the application's non-retired instances run, across groups. */
    public Breakdown versionsOfApplication(UUID applicationId) {
        return breakdown("""
                SELECT s.version, count(*) FROM instance_app_state s JOIN instance i ON i.machine_id = s.machine_id
                WHERE s.application_id = ? AND i.last_seen_at > ? GROUP BY s.version""", applicationId);
    }

    /** Instances of the application that talked to Platte after {@code since}. */
    public long activeInstancesOfApplication(UUID applicationId, Instant since) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM instance_app_state s JOIN instance i ON i.machine_id = s.machine_id
                WHERE s.application_id = ? AND i.last_seen_at > ?""", Long.class, applicationId, Timestamp.from(since));
    }

    /** Update statuses of the group's non-retired instances. */
    public Breakdown statusesOfGroup(UUID groupId) {
        return breakdown("""
                SELECT s.status, count(*) FROM instance_app_state s JOIN instance i ON i.machine_id = s.machine_id
                WHERE s.group_id = ? AND i.last_seen_at > ? GROUP BY s.status""", groupId);
    }

    /** Status changes per status and bucket. */
    public Timeline statusTimeline(UUID groupId, TimelineRange range) {
        return timeline("status", "", groupId, range);
    }

    /** Updates completed per version and bucket: how fast each release lands. */
    public Timeline versionTimeline(UUID groupId, TimelineRange range) {
        return timeline("version", "AND status = 'complete'", groupId, range);
    }

    private Breakdown breakdown(String sql, UUID id) {
        var retiredBefore = Timestamp.from(clock.instant().minus(properties.retiredAfter()));
        var counts = new LinkedHashMap<String, Long>();
        jdbc.query(sql + " ORDER BY 2 DESC, 1", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, id, retiredBefore);
        return new Breakdown(counts, counts.values().stream().mapToLong(Long::longValue).sum());
    }

    private Timeline timeline(String column, String condition, UUID groupId, TimelineRange range) {
        var step = range.bucket();
        var now = clock.instant();
        // Buckets aligned to the epoch, so the same range gives the same edges on every replica.
        var lastStart = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), step.toSeconds()) * step.toSeconds());
        var count = (int) (range.span().toSeconds() / step.toSeconds());
        var firstStart = lastStart.minus(step.multipliedBy(count - 1L));
        var buckets = new ArrayList<Instant>();
        for (int i = 0; i < count; i++) {
            buckets.add(firstStart.plus(step.multipliedBy(i)));
        }
        var series = new TreeMap<String, long[]>();
        jdbc.query("""
                SELECT date_bin(make_interval(secs => ?), created_at, TIMESTAMPTZ 'epoch') AS bucket, %s, count(*)
                FROM instance_status_history
                WHERE group_id = ? AND created_at >= ? %s AND %s IS NOT NULL
                GROUP BY 1, 2""".formatted(column, condition, column), rs -> {
            var bucket = rs.getTimestamp(1).toInstant();
            var index = (int) ((bucket.getEpochSecond() - firstStart.getEpochSecond()) / step.toSeconds());
            if (index >= 0 && index < count) {
                series.computeIfAbsent(rs.getString(2), key -> new long[count])[index] += rs.getLong(3);
            }
        }, (double) step.toSeconds(), groupId, Timestamp.from(firstStart));
        return new Timeline(range.label(), buckets, series);
    }
}
