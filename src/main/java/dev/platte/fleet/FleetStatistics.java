package dev.platte.fleet;

import dev.platte.common.Count;
import dev.platte.database.RowCounter;
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
    private final RowCounter counter;
    private final Clock clock;

    FleetStatistics(JdbcTemplate jdbc, RowCounter counter, Clock clock) {
        this.jdbc = jdbc;
        this.counter = counter;
        this.clock = clock;
    }

    /** @param counts label → number, largest first */
    public record Breakdown(Map<String, Long> counts, long total) {}

    /**
     * @param buckets the start of each bucket, oldest first
     * @param series per label (status or version), the number per bucket, aligned with {@code buckets}
     */
    public record Timeline(String range, List<Instant> buckets, Map<String, long[]> series) {}

    /** Versions, update statuses and hold reasons of a group's instances, from one read of its census. */
    public record GroupBreakdown(Breakdown versions, Breakdown statuses, Map<String, Long> holdReasons) {}

    /** Checked for updates (or, never having checked, registered) after a time. */
    private static final String ACTIVE = "coalesce(last_check_at, created_at) > ?";

    /**
     * Exact and cheap at any fleet size: the group's census (kept by a trigger, see V27) plus the changes
     * not folded into it yet, read in one statement so a concurrent fold is never counted twice.
     */
    public GroupBreakdown breakdownOfGroup(UUID groupId) {
        var versions = new TreeMap<String, Long>();
        var statuses = new TreeMap<String, Long>();
        var holdReasons = new TreeMap<String, Long>();
        jdbc.query("""
                SELECT version, status, hold_reason, sum(instances)
                FROM (SELECT version, status, hold_reason, instances FROM group_census WHERE group_id = ?
                      UNION ALL
                      SELECT version, status, hold_reason, change FROM group_census_delta WHERE group_id = ?) AS counted
                GROUP BY version, status, hold_reason
                HAVING sum(instances) <> 0""", rs -> {
            var count = rs.getLong(4);
            versions.merge(rs.getString(1), count, Long::sum);
            statuses.merge(rs.getString(2), count, Long::sum);
            if (InstanceStatus.ON_HOLD.wireName().equals(rs.getString(2))) {
                holdReasons.merge(rs.getString(3).isEmpty() ? "unknown" : rs.getString(3), count, Long::sum);
            }
        }, groupId, groupId);
        return new GroupBreakdown(sorted(versions), sorted(statuses), holdReasons);
    }

    /**
     * How many non-retired instances of the groups report each OEM ('' for none), summed over the groups:
     * the OEM census (V39) plus the changes not folded into it yet, so it costs a few rows per group at
     * any fleet size.
     */
    public Map<String, Long> oemsOfGroups(java.util.Collection<UUID> groupIds) {
        var counts = new TreeMap<String, Long>();
        if (groupIds.isEmpty()) {
            return counts;
        }
        var ids = groupIds.toArray(UUID[]::new);
        jdbc.query("""
                SELECT oem, sum(instances)
                FROM (SELECT oem, instances FROM group_oem_census WHERE group_id = ANY (?)
                      UNION ALL
                      SELECT oem, change FROM group_oem_census_delta WHERE group_id = ANY (?)) AS counted
                GROUP BY oem
                HAVING sum(instances) <> 0""", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, ids, ids);
        return counts;
    }

    /**
     * Versions that the application's non-retired instances run, across groups: the census of each of its
     * groups (see {@link #breakdownOfGroup}) plus its instances in no group (nodes of an unknown track, or of a
     * deleted group; V63 indexes them), in one statement.
     */
    public Breakdown versionsOfApplication(UUID applicationId) {
        var counts = new TreeMap<String, Long>();
        jdbc.query("""
                SELECT version, sum(instances)
                FROM (SELECT c.version, c.instances FROM group_census c JOIN update_group g ON g.id = c.group_id
                      WHERE g.application_id = ?
                      UNION ALL
                      SELECT d.version, d.change FROM group_census_delta d JOIN update_group g ON g.id = d.group_id
                      WHERE g.application_id = ?
                      UNION ALL
                      SELECT version, 1 FROM instance_app_state
                      WHERE application_id = ? AND group_id IS NULL AND NOT retired) AS counted
                GROUP BY version
                HAVING sum(instances) <> 0""", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, applicationId, applicationId, applicationId);
        return sorted(counts);
    }

    /**
     * An application's versions (non-retired instances) and how many of its instances checked for updates
     * (or, never having checked, registered) since a time: exact up to {@link RowCounter#EXACT_UP_TO}, else
     * estimated (V64 gives the planner statistics of that time).
     */
    public record ApplicationBreakdown(Breakdown versions, Count activeSince) {}

    public ApplicationBreakdown breakdownOfApplication(UUID applicationId, Instant activeSince) {
        return new ApplicationBreakdown(versionsOfApplication(applicationId), counter.count(
                "SELECT 1 FROM instance_app_state WHERE application_id = ? AND " + ACTIVE, applicationId,
                Timestamp.from(activeSince)));
    }

    /**
     * One cell of the fleet census: how many instances of an application and group ({@code null}: none)
     * run a version with an update status (and, on hold, a reason; the entity clears it on leaving hold).
     *
     * @param active those that checked for updates (or, never having checked, registered) after the time asked
     * @param known all of them, retired ones included
     */
    public record CensusCell(UUID applicationId, UUID groupId, String version, InstanceStatus status,
            String holdReason, long active, long known) {}

    /**
     * The whole fleet in one grouped scan, for metrics. Its cost grows with the fleet (about half a second
     * of database time per million instances, nearly all of it aggregating), so it runs on a schedule,
     * never per request.
     */
    public List<CensusCell> census(Instant activeSince) {
        return jdbc.query("""
                SELECT application_id, group_id, version, status, hold_reason,
                       count(*) FILTER (WHERE coalesce(last_check_at, created_at) > ?), count(*)
                FROM instance_app_state
                GROUP BY 1, 2, 3, 4, 5""", (rs, row) -> new CensusCell(
                rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                InstanceStatus.fromWireName(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getLong(7)),
                Timestamp.from(activeSince));
    }

    /** Largest first, then by label. */
    private static Breakdown sorted(Map<String, Long> counts) {
        var ordered = new LinkedHashMap<String, Long>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return new Breakdown(ordered, ordered.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Status changes per status and bucket. */
    public Timeline statusTimeline(UUID groupId, TimelineRange range) {
        return timeline("status", "", groupId, range);
    }

    /** Updates completed per version and bucket: how fast each release lands. */
    public Timeline versionTimeline(UUID groupId, TimelineRange range) {
        return timeline("version", "AND status = 'complete' AND version <> ''", groupId, range);
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
                SELECT date_bin(make_interval(secs => ?), bucket_start, TIMESTAMPTZ 'epoch') AS bucket, %s, sum(changes)
                FROM group_status_bucket
                WHERE group_id = ? AND bucket_start >= ? %s
                GROUP BY 1, 2""".formatted(column, condition), rs -> {
            var bucket = rs.getTimestamp(1).toInstant();
            var index = (int) ((bucket.getEpochSecond() - firstStart.getEpochSecond()) / step.toSeconds());
            if (index >= 0 && index < count) {
                series.computeIfAbsent(rs.getString(2), key -> new long[count])[index] += rs.getLong(3);
            }
        }, (double) step.toSeconds(), groupId, Timestamp.from(firstStart));
        return new Timeline(range.label(), buckets, series);
    }
}
