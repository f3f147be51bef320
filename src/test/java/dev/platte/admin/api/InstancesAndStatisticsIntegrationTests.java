package dev.platte.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Finding instances, retiring them, and the statistics the dashboard draws. */
class InstancesAndStatisticsIntegrationTests extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void searchesInstancesByMachineIdAliasOrIpPrefixAndFilters() {
        var release = fixture.release("2.0.0");
        var machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode(release.appId(), machine, release.track());
        client.check(node.check("1.0.0", ""));
        client.ok("PUT", "/api/v1/instances/" + machine + "/alias", Map.of("alias", "Web-Frontend-7"));
        var base = "/api/v1/instances?app=" + release.appId();

        assertThat(total(base + "&q=" + machine.substring(0, 10))).isEqualTo(1);
        assertThat(total(base + "&q=web-front")).isEqualTo(1);
        assertThat(total(base + "&q=127.0")).isEqualTo(1);
        assertThat(total(base + "&q=zzz")).isZero();
        assertThat(total(base + "&status=granted&group=" + release.groupId())).isEqualTo(1);
        assertThat(total(base + "&version=9.9.9")).isZero();
        assertThat(total(base + "&notSeenForDays=1")).isZero();
        assertThat(client.get("/api/v1/instances?notSeenForDays=-1").statusCode()).isEqualTo(400);
        var audit = client.getJson("/api/v1/audit?targetType=instance&targetId=" + machine);
        assertThat(audit.get("items").get(0).get("after").get("alias").asString()).isEqualTo("Web-Frontend-7");
    }

    @Test
    void hidesAndDeletesRetiredInstances() {
        var release = fixture.release("2.0.0");
        var retired = ApiFixture.machineId();
        var active = ApiFixture.machineId();
        client.check(OmahaRequests.flatcarNode(release.appId(), retired, release.track()).ping("1.0.0"));
        client.check(OmahaRequests.flatcarNode(release.appId(), active, release.track()).ping("1.0.0"));
        jdbc.update("update instance set last_seen_at = now() - interval '40 days' where machine_id = ?", retired);
        jdbc.update("update instance_app_state set created_at = now() - interval '40 days' where machine_id = ?", retired);
        var base = "/api/v1/instances?app=" + release.appId();

        assertThat(total(base)).isEqualTo(2);
        assertThat(total(base + "&hideRetired=true")).isEqualTo(1);
        assertThat(total(base + "&notSeenForDays=35")).isEqualTo(1);

        var deleted = client.ok("DELETE", "/api/v1/instances/retired", "");

        assertThat(deleted.get("deleted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(client.get("/api/v1/instances/" + retired).statusCode()).isEqualTo(404);
        assertThat(client.get("/api/v1/instances/" + active).statusCode()).isEqualTo(200);
        client.ok("DELETE", "/api/v1/instances/" + active, "");
        assertThat(client.get("/api/v1/instances/" + active).statusCode()).isEqualTo(404);
    }

    @Test
    void countsVersionsAndStatusesAndDrawsTimelines() {
        var release = fixture.release("2.0.0");
        for (int i = 0; i < 3; i++) {
            client.check(OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track())
                    .check("1.0.0", ""));
        }
        var updated = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        client.check(updated.check("1.0.0", ""));
        client.check(updated.check("2.0.0", "1.0.0"));
        var group = "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId();

        var stats = client.getJson(group + "/stats");
        assertThat(stats.get("versions").get("counts").get("1.0.0").asInt()).isEqualTo(3);
        assertThat(stats.get("versions").get("counts").get("2.0.0").asInt()).isEqualTo(1);
        assertThat(stats.get("statuses").get("counts").get("granted").asInt()).isEqualTo(3);
        assertThat(stats.get("statuses").get("counts").get("complete").asInt()).isEqualTo(1);
        assertThat(stats.get("versions").get("total").asInt()).isEqualTo(4);

        for (var range : new String[] {"1h", "1d", "7d", "30d"}) {
            var statusTimeline = client.getJson(group + "/timeline?kind=status&range=" + range);
            assertThat(sum(statusTimeline.get("series").get("granted"))).as(range).isEqualTo(4);
            var versionTimeline = client.getJson(group + "/timeline?kind=version&range=" + range);
            assertThat(sum(versionTimeline.get("series").get("2.0.0"))).as(range).isEqualTo(1);
        }
        assertThat(client.getJson(group + "/timeline?range=1h").get("buckets")).hasSize(12);
        assertThat(client.getJson(group + "/timeline?range=30d").get("buckets")).hasSize(30);
        assertThat(client.get(group + "/timeline?range=2y").statusCode()).isEqualTo(400);
        assertThat(client.getJson("/api/v1/apps/" + release.appId() + "/stats/versions").get("total").asInt())
                .isEqualTo(4);
    }

    @Test
    void answersUnknownApiPathsWithAProblem() {
        var response = client.get("/api/v1/no-such-thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void exposesMetricsToAdminsOnly() {
        assertThat(client.get("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(client.get("/actuator/prometheus").body()).contains("jvm_memory");
        assertThat(client.getAnonymously("/actuator/prometheus").statusCode()).isIn(302, 401);
    }

    private int total(String path) {
        return client.getJson(path).get("totalItems").asInt();
    }

    private static long sum(tools.jackson.databind.JsonNode series) {
        long total = 0;
        if (series != null) {
            for (var value : series) {
                total += value.asLong();
            }
        }
        return total;
    }
}
