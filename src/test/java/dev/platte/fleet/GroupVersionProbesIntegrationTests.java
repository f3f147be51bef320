package dev.platte.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture.Release;
import dev.platte.support.ServerTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rollout's questions about a group's versions (is any active node not on the target yet, which nodes may be
 * the canary) read the group's version index, not the table: with the table read from the start, each completion
 * of a rollout went through every other group's rows first, under the group's rollout lock.
 */
class GroupVersionProbesIntegrationTests extends ServerTest {

    private static final Instant NOW = Instant.now();
    private static final Instant DAY_AGO = NOW.minus(Duration.ofDays(1));

    @Autowired
    FleetService fleet;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    Release other;
    Release probed;
    UUID group;

    @BeforeEach
    void twoGroups() {
        other = fixture.release("3.0.0");
        probed = fixture.release("1.0.0");
        group = UUID.fromString(probed.groupId());
    }

    @Test
    void aGroupWhoseActiveNodesAllRunTheTargetHasNoneLeftWithoutReadingTheTable() {
        inRolledBackFleet(() -> {
            setVersion("b0", "0.9.0", DAY_AGO.minus(Duration.ofHours(1)));

            assertThat(withoutTableScan(() -> fleet.anyActiveInstanceNotOn(group, "1.0.0", DAY_AGO))).isFalse();
        });
    }

    @Test
    void anActiveNodeOnAnOlderOrANewerVersionIsFoundWithoutReadingTheTable() {
        inRolledBackFleet(() -> {
            setVersion("b7", "0.9.0", NOW);
            assertThat(withoutTableScan(() -> fleet.anyActiveInstanceNotOn(group, "1.0.0", DAY_AGO))).isTrue();

            setVersion("b7", "1.0.0", NOW);
            setVersion("b8", "1.1.0", NOW);
            assertThat(withoutTableScan(() -> fleet.anyActiveInstanceNotOn(group, "1.0.0", DAY_AGO))).isTrue();
        });
    }

    @Test
    void canaryCandidatesAreNodesNotOnTheTargetRegisteredBeforeTheRolloutAndNotRetired() {
        inRolledBackFleet(() -> {
            var rolloutStart = NOW.minus(Duration.ofMinutes(5));
            assertThat(withoutTableScan(() -> fleet.hasMachinesRegisteredBefore(group, rolloutStart, "1.0.0"))).isFalse();

            setVersion("b3", "0.9.0", NOW);
            jdbc.update("UPDATE instance_app_state SET retired = true WHERE machine_id = 'b3'");
            assertThat(withoutTableScan(() -> fleet.hasMachinesRegisteredBefore(group, rolloutStart, "1.0.0"))).isFalse();

            jdbc.update("UPDATE instance_app_state SET retired = false WHERE machine_id = 'b3'");
            assertThat(withoutTableScan(() -> fleet.hasMachinesRegisteredBefore(group, rolloutStart, "1.0.0"))).isTrue();
            assertThat(withoutTableScan(
                    () -> fleet.hasMachinesRegisteredBefore(group, NOW.minus(Duration.ofDays(60)), "1.0.0"))).isFalse();
        });
    }

    /**
     * Runs the test in one transaction, rolled back: 20,000 nodes of another group first in the table, then
     * 2,000 of the probed group on its target, with fresh statistics. Nothing of it stays for other tests.
     */
    private void inRolledBackFleet(Runnable test) {
        transactions.executeWithoutResult(status -> {
            status.setRollbackOnly();
            insertNodes("a", other, 20_000, "3.0.0");
            insertNodes("b", probed, 2_000, "1.0.0");
            jdbc.execute("ANALYZE instance, instance_app_state");
            test.run();
        });
    }

    /** The answer, after checking that PostgreSQL read the state table through indexes only to give it. */
    private boolean withoutTableScan(BooleanSupplier probe) {
        var before = sequentialScans();
        var answer = probe.getAsBoolean();
        assertThat(sequentialScans() - before).as("sequential scans of instance_app_state").isZero();
        return answer;
    }

    /** In this transaction (the probe joins it). */
    private long sequentialScans() {
        return jdbc.queryForObject("SELECT pg_stat_get_xact_numscans('instance_app_state'::regclass)", Long.class);
    }

    private void insertNodes(String prefix, Release release, int count, String version) {
        jdbc.update("""
                INSERT INTO instance (machine_id, ip, alias, oem, oem_version, aleph_version, boot_id, first_seen_at, last_seen_at)
                SELECT ? || i, '127.0.0.1', '', 'qemu', '0.1', '3033.2.0', '', now() - interval '30 days', now()
                FROM generate_series(0, ? - 1) i""", prefix, count);
        jdbc.update("""
                INSERT INTO instance_app_state (machine_id, application_id, group_id, version, status, status_changed_at,
                                                last_check_at, created_at)
                SELECT ? || i, ?::uuid, ?::uuid, ?, 'complete', now(), now(), now() - interval '30 days'
                FROM generate_series(0, ? - 1) i""", prefix, release.appId(), release.groupId(), version, count);
    }

    private void setVersion(String machineId, String version, Instant lastCheck) {
        jdbc.update("UPDATE instance_app_state SET version = ?, last_check_at = ? WHERE machine_id = ?", version,
                Timestamp.from(lastCheck), machineId);
    }
}
