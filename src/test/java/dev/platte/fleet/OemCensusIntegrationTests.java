package dev.platte.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ScheduledJobs;
import dev.platte.support.ServerTest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The per-group OEM census (V39) agrees with counting the fleet, through OEM and group changes, folds and retirement. */
class OemCensusIntegrationTests extends ServerTest {

    @Autowired
    GroupCensus census;

    @Autowired
    FleetStatistics statistics;

    @Autowired
    JdbcTemplate jdbc;

    private static String check(OmahaRequests node, String oem) {
        return node.check("2.0.0", "").replace("oem=\"ami\"", "oem=\"" + oem + "\"");
    }

    @Test
    void countsEachGroupsNodesByOemBeforeAndAfterFolding() {
        var release = fixture.release("2.0.0");
        var group = UUID.fromString(release.groupId());
        var nodes = List.of("ami", "ami", "vmware", "").stream()
                .map(oem -> Map.entry(OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track()), oem))
                .toList();
        nodes.forEach(n -> client.check(check(n.getKey(), n.getValue())));

        assertThat(statistics.oemsOfGroups(List.of(group))).isEqualTo(Map.of("ami", 2L, "vmware", 1L, "", 1L))
                .isEqualTo(counted(group));

        // A node that reports another OEM moves; one that reports none keeps the one it had.
        client.check(check(nodes.get(0).getKey(), "azure"));
        client.check(check(nodes.get(2).getKey(), ""));
        ScheduledJobs.runNow(census::fold);

        assertThat(statistics.oemsOfGroups(List.of(group))).isEqualTo(Map.of("ami", 1L, "azure", 1L, "vmware", 1L, "", 1L))
                .isEqualTo(counted(group));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM group_oem_census_delta WHERE group_id = ?", Integer.class,
                group)).isZero();
    }

    @Test
    void leavesRetiredAndDeletedNodesOut() {
        var release = fixture.release("2.0.0");
        var group = UUID.fromString(release.groupId());
        var gone = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        var deleted = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        var here = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        client.check(check(gone, "gce"));
        client.check(check(deleted, "gce"));
        client.check(check(here, "gce"));
        jdbc.update("UPDATE instance_app_state SET last_check_at = now() - interval '40 days' WHERE machine_id = ?",
                gone.machineId());
        ScheduledJobs.runNow(census::retire);
        client.ok("DELETE", "/api/v1/instances/" + deleted.machineId(), "");
        ScheduledJobs.runNow(census::fold);

        assertThat(statistics.oemsOfGroups(List.of(group))).isEqualTo(Map.of("gce", 1L)).isEqualTo(counted(group));
    }

    /** The same numbers the slow way. */
    private Map<String, Long> counted(UUID group) {
        var counts = new TreeMap<String, Long>();
        jdbc.query("SELECT oem, count(*) FROM instance_app_state WHERE group_id = ? AND NOT retired GROUP BY oem",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, group);
        return counts;
    }
}
