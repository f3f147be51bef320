package dev.platte.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.fleet.RetentionService.Target;
import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.MutableClock;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pruning history, events, instances, activity and timeline buckets past their retention. The clock is
 * pinned in 2001, so the cutoffs fall long before anything other tests write into the shared database.
 */
@IntegrationTest
class RetentionIntegrationTests {

    private static final Instant NOW = Instant.parse("2001-06-01T00:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(100));
    private static final Instant RECENT = NOW.minus(Duration.ofDays(10));
    private static final Duration DAYS_90 = Duration.ofDays(90);

    @Autowired
    RetentionJob job;

    @Autowired
    RetentionService retention;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LockProvider lockProvider;

    @Autowired
    MutableClock clock;

    private UUID app;
    private UUID group;

    @BeforeEach
    void pinClockAndCreateAnApplication() {
        clock.set(NOW);
        app = UUID.randomUUID();
        group = UUID.randomUUID();
        jdbc.update("INSERT INTO application (id, name) VALUES (?, ?)", app, ApiFixture.unique("retention"));
        jdbc.update("INSERT INTO update_group (id, application_id, name, track) VALUES (?, ?, 'Stable', ?)", group, app,
                ApiFixture.unique("track"));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void prunesRowsPastTheirRetentionAndKeepsRecentOnes() {
        var seen = instance(RECENT);
        var oldHistory = history(seen, OLD);
        var recentHistory = history(seen, RECENT);
        var oldEvent = event(seen, OLD);
        var recentEvent = event(seen, RECENT);
        var gone = instance(OLD);
        history(gone, OLD);
        event(gone, OLD);
        var oldActivity = activity(OLD);
        var recentActivity = activity(RECENT);
        bucket(OLD);
        bucket(RECENT);

        var deleted = job.run().orElseThrow();

        assertThat(deleted).containsEntry(Target.STATUS_HISTORY, 2).containsEntry(Target.EVENTS, 2)
                .containsEntry(Target.INSTANCES, 1).containsEntry(Target.ACTIVITY, 1)
                .containsEntry(Target.STATUS_BUCKETS, 1);
        assertThat(exists("instance_status_history", oldHistory)).isFalse();
        assertThat(exists("instance_status_history", recentHistory)).isTrue();
        assertThat(exists("instance_event", oldEvent)).isFalse();
        assertThat(exists("instance_event", recentEvent)).isTrue();
        assertThat(exists("activity", oldActivity)).isFalse();
        assertThat(exists("activity", recentActivity)).isTrue();
        assertThat(count("SELECT count(*) FROM instance WHERE machine_id = ?", gone)).isZero();
        assertThat(count("SELECT count(*) FROM instance_app_state WHERE machine_id = ?", gone)).isZero();
        assertThat(count("SELECT count(*) FROM instance WHERE machine_id = ?", seen)).isOne();
        assertThat(count("SELECT count(*) FROM instance_app_state WHERE machine_id = ?", seen)).isOne();
        assertThat(jdbc.queryForList("SELECT bucket_start FROM group_status_bucket WHERE group_id = ?", Timestamp.class,
                group)).extracting(Timestamp::toInstant).containsExactly(RECENT);
    }

    @Test
    void deletesAnInstanceWithItsStateHistoryAndEventsEvenWhenTheyAreYounger() {
        var gone = instance(OLD);
        // e.g. a timeout recorded after the node went silent
        var history = history(gone, RECENT);
        var event = event(gone, RECENT);

        job.run().orElseThrow();

        assertThat(count("SELECT count(*) FROM instance WHERE machine_id = ?", gone)).isZero();
        assertThat(exists("instance_status_history", history)).isFalse();
        assertThat(exists("instance_event", event)).isFalse();
    }

    @Test
    void appliesEachTablesOwnRetention() {
        var seen = instance(RECENT);
        var history = history(seen, RECENT);
        var event = event(seen, RECENT);
        var fiveDays = Duration.ofDays(5);

        job.run(new RetentionProperties(true, Duration.ofHours(1), DAYS_90, fiveDays, DAYS_90, DAYS_90, DAYS_90, 5000))
                .orElseThrow();

        assertThat(exists("instance_event", event)).isFalse();
        assertThat(exists("instance_status_history", history)).isTrue();
        assertThat(count("SELECT count(*) FROM instance WHERE machine_id = ?", seen)).isOne();
    }

    @Test
    void deletesAtMostOneBatchPerTransactionAndKeepsGoingUntilNothingIsLeft() {
        for (var i = 0; i < 10; i++) {
            activity(OLD);
        }
        var cutoff = NOW.minus(DAYS_90);

        assertThat(retention.deleteBatch(Target.ACTIVITY, cutoff, 3)).isEqualTo(3);
        assertThat(oldActivities()).isEqualTo(7);

        var deleted = job.run(new RetentionProperties(true, Duration.ofHours(1), DAYS_90, DAYS_90, DAYS_90, DAYS_90,
                DAYS_90, 3)).orElseThrow();

        assertThat(deleted).containsEntry(Target.ACTIVITY, 7);
        assertThat(oldActivities()).isZero();
    }

    @Test
    void skipsWhileAnotherReplicaHoldsTheLock() {
        var old = activity(OLD);
        var otherReplica = lockProvider.lock(new LockConfiguration(ClockProvider.now(), RetentionJob.LOCK,
                Duration.ofMinutes(1), Duration.ZERO)).orElseThrow();

        assertThat(job.run()).isEmpty();
        assertThat(exists("activity", old)).isTrue();

        otherReplica.unlock();

        assertThat(job.run()).isPresent();
        assertThat(exists("activity", old)).isFalse();
    }

    @Test
    void releasesTheLockAfterARun() {
        job.run().orElseThrow();

        // A second run in this thread could pass for other reasons: ask the lock table, in the database's time.
        assertThat(count("SELECT count(*) FROM shedlock WHERE name = ? AND lock_until > timezone('utc', now())",
                RetentionJob.LOCK)).isZero();
    }

    private String instance(Instant lastSeen) {
        var machineId = ApiFixture.machineId();
        jdbc.update("INSERT INTO instance (machine_id, ip, first_seen_at, last_seen_at) VALUES (?, '10.0.0.1', ?, ?)",
                machineId, Timestamp.from(OLD.minus(Duration.ofDays(1))), Timestamp.from(lastSeen));
        jdbc.update("""
                INSERT INTO instance_app_state (machine_id, application_id, group_id, version, status_changed_at, created_at)
                VALUES (?, ?, ?, '1.0.0', ?, ?)""", machineId, app, group, Timestamp.from(lastSeen),
                Timestamp.from(lastSeen));
        return machineId;
    }

    private long history(String machineId, Instant at) {
        return jdbc.queryForObject("""
                INSERT INTO instance_status_history (machine_id, application_id, group_id, status, version, created_at)
                VALUES (?, ?, ?, 'complete', '1.0.0', ?) RETURNING id""", Long.class, machineId, app, group,
                Timestamp.from(at));
    }

    private long event(String machineId, Instant at) {
        return jdbc.queryForObject("""
                INSERT INTO instance_event (machine_id, application_id, event_type, event_result, reported_version, created_at)
                VALUES (?, ?, 3, 1, '1.0.0', ?) RETURNING id""", Long.class, machineId, app, Timestamp.from(at));
    }

    private long activity(Instant at) {
        return jdbc.queryForObject("""
                INSERT INTO activity (created_at, kind, severity, application_id, message)
                VALUES (?, 'rollout_started', 'info', ?, 'seeded') RETURNING id""", Long.class, Timestamp.from(at), app);
    }

    private void bucket(Instant start) {
        jdbc.update("INSERT INTO group_status_bucket (group_id, bucket_start, status, changes) VALUES (?, ?, 'complete', 1)",
                group, Timestamp.from(start));
    }

    private boolean exists(String table, long id) {
        return count("SELECT count(*) FROM " + table + " WHERE id = ?", id) > 0;
    }

    private long oldActivities() {
        return count("SELECT count(*) FROM activity WHERE application_id = ? AND created_at < ?", app,
                Timestamp.from(NOW.minus(DAYS_90)));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
