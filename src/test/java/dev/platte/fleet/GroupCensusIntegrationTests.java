package dev.platte.fleet;

import static dev.platte.support.Requests.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ScheduledJobs;
import dev.platte.support.ServerTest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The per-group census agrees with counting the fleet, through status changes, folds and retirement. */
class GroupCensusIntegrationTests extends ServerTest {

    @Autowired
    GroupCensus census;

    @Autowired
    FleetStatistics statistics;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void countsEveryStatusChangeBeforeAndAfterFolding() {
        var release = fixture.release("2.0.0", policy().maxUpdates(2, Duration.ofHours(1)));
        var group = UUID.fromString(release.groupId());
        for (int i = 0; i < 6; i++) {
            var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
            client.check(node.check(i < 4 ? "1.0.0" : "2.0.0", ""));
            if (i == 0) {
                client.check(node.event("1.0.0", 13, 1));
                client.check(node.event("1.0.0", 14, 1));
            }
            if (i == 1) {
                client.check(node.failedUpdate("1.0.0", 7));
            }
        }

        assertThat(statuses(group)).isEqualTo(countedStatuses(group));
        assertThat(statuses(group)).containsEntry("downloaded", 1L).containsEntry("error", 1L)
                .containsEntry("on_hold", 2L).containsEntry("undefined", 2L);

        ScheduledJobs.runNow(census::fold);

        assertThat(statuses(group)).isEqualTo(countedStatuses(group));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM group_census_delta WHERE group_id = ?", Integer.class, group))
                .isZero();
        assertThat(statistics.breakdownOfGroup(group).versions().counts())
                .containsExactlyInAnyOrderEntriesOf(Map.of("1.0.0", 4L, "2.0.0", 2L));
    }

    @Test
    void leavesRetiredNodesOutUntilTheyCheckAgain() {
        var release = fixture.release("2.0.0");
        var group = UUID.fromString(release.groupId());
        var gone = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        var here = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        client.check(gone.check("2.0.0", ""));
        client.check(here.check("2.0.0", ""));
        jdbc.update("UPDATE instance_app_state SET last_check_at = now() - interval '40 days' WHERE machine_id = ?",
                gone.machineId());

        assertThat(ScheduledJobs.runNow(census::retire)).isGreaterThanOrEqualTo(1);
        ScheduledJobs.runNow(census::fold);

        assertThat(statistics.breakdownOfGroup(group).statuses().total()).isEqualTo(1);

        client.check(gone.check("2.0.0", ""));

        assertThat(statistics.breakdownOfGroup(group).statuses().total()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT retired FROM instance_app_state WHERE machine_id = ?", Boolean.class,
                gone.machineId())).isFalse();
    }

    @Test
    void forgetsDeletedNodes() {
        var release = fixture.release("2.0.0");
        var group = UUID.fromString(release.groupId());
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        client.check(node.check("1.0.0", ""));
        ScheduledJobs.runNow(census::fold);

        client.ok("DELETE", "/api/v1/instances/" + node.machineId(), "");

        assertThat(statistics.breakdownOfGroup(group).statuses().total()).isZero();
        ScheduledJobs.runNow(census::fold);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM group_census WHERE group_id = ?", Integer.class, group))
                .isZero();
    }

    private Map<String, Long> statuses(UUID group) {
        return new TreeMap<>(statistics.breakdownOfGroup(group).statuses().counts());
    }

    private Map<String, Long> countedStatuses(UUID group) {
        var counts = new TreeMap<String, Long>();
        jdbc.query("SELECT status, count(*) FROM instance_app_state WHERE group_id = ? AND NOT retired GROUP BY status",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, group);
        return counts;
    }
}
