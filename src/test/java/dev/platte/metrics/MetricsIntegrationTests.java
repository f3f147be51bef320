package dev.platte.metrics;

import static dev.platte.support.Requests.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.rollout.UpdateTimeouts;
import dev.platte.support.ActuatorPaths;
import dev.platte.support.ApiFixture;
import dev.platte.support.MutableClock;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PrometheusText;
import dev.platte.support.ServerTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Grants, failures and holds through the Omaha endpoint, read back from {@code /actuator/prometheus}. */
class MetricsIntegrationTests extends ServerTest {

    @Autowired
    FleetMetrics fleetMetrics;

    @Autowired
    UpdateTimeouts timeouts;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry registry;

    private ApiFixture.Release release;
    private String application;

    @BeforeEach
    void release() {
        release = fixture.release("2.0.0", policy().autoHaltAfter(2).updateTimeout(Duration.ofHours(1)));
        application = client.getJson("/api/v1/apps/" + release.appId()).get("name").asString();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void countsGrantsFailuresTimeoutsAndAutoHaltsOnceCommitted() {
        var slow = node();
        var hashMismatch = node();
        var unknownError = node();
        for (var node : new OmahaRequests[] {slow, hashMismatch, unknownError}) {
            assertThat(check(node)).isEqualTo("ok");
        }
        // PayloadHashMismatchError (10) with the TestOmahaUrl flag, and a code update_engine does not define.
        client.check(hashMismatch.failedUpdate("1.0.0", 268435466L));
        client.check(unknownError.failedUpdate("1.0.0", 123456L));
        clock.advance(Duration.ofMinutes(61));
        timeouts.sweep();

        var body = scrape();
        assertThat(value(body, "platte_grants_total", Map.of())).hasValue(3.0);
        assertThat(value(body, "platte_update_failures_total", Map.of("error_code", "10"))).hasValue(1.0);
        assertThat(value(body, "platte_update_failures_total", Map.of("error_code", "unknown"))).hasValue(1.0);
        assertThat(value(body, "platte_update_timeouts_total", Map.of())).hasValue(1.0);
        // The second failure paused the group; the timeout after it pauses nothing more.
        assertThat(value(body, "platte_auto_halts_total", Map.of())).hasValue(1.0);
    }

    @Test
    void reportsInstancesByVersionAndStatus_holdsByReason_andDropsSeriesThatVanished() {
        var granted = node();
        var failed = node();
        assertThat(check(granted)).isEqualTo("ok");
        assertThat(check(failed)).isEqualTo("ok");
        client.check(failed.failedUpdate("1.0.0", 10));
        client.ok("POST", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/pause",
                Map.of("reason", "metrics test"));
        var held = node();
        assertThat(check(held)).isEqualTo("noupdate");
        var lost = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), ApiFixture.unique("no-group"));
        client.check(lost.check("1.0.0", ""));

        fleetMetrics.refresh();

        var body = scrape();
        assertThat(instances(body, "granted")).hasValue(1.0);
        assertThat(instances(body, "error")).hasValue(1.0);
        assertThat(instances(body, "on_hold")).hasValue(1.0);
        assertThat(value(body, "platte_instances_on_hold", Map.of("reason", "paused"))).hasValue(1.0);
        assertThat(PrometheusText.value(body, "platte_instances", Map.of("application", application,
                "group", LabelNames.NO_GROUP, "version", "1.0.0", "status", "undefined"))).hasValue(1.0);
        assertThat(PrometheusText.value(body, "platte_instances_total_known", Map.of("application", application)))
                .hasValue(4.0);

        client.ok("DELETE", "/api/v1/instances/" + held.machineId(), "");
        fleetMetrics.refresh();

        body = scrape();
        assertThat(instances(body, "on_hold")).isEmpty();
        assertThat(value(body, "platte_instances_on_hold", Map.of("reason", "paused"))).isEmpty();
        assertThat(PrometheusText.value(body, "platte_instances_total_known", Map.of("application", application)))
                .hasValue(3.0);
    }

    @Test
    void leavesInstancesThatHaveNotCheckedForADayOutOfTheActiveCounts() {
        assertThat(check(node())).isEqualTo("ok");
        clock.advance(Duration.ofHours(25));

        fleetMetrics.refresh();

        var body = scrape();
        assertThat(instances(body, "granted")).isEmpty();
        assertThat(PrometheusText.value(body, "platte_instances_total_known", Map.of("application", application)))
                .hasValue(1.0);
    }

    @Test
    void publishesHistogramBucketsForTheUpdateCheckTimer() {
        // A meter under the configured name prefix, so the endpoint's own timer keeps its tags to itself.
        var probe = Timer.builder("platte.omaha.requests.probe").register(registry);
        try {
            probe.record(Duration.ofMillis(5));
            assertThat(scrape()).contains("platte_omaha_requests_probe_seconds_bucket{");
        } finally {
            registry.remove(probe);
        }
    }

    @Test
    void publishesTheLastSeenBacklogAndItsDrops() {
        var body = scrape();

        assertThat(body).containsPattern("(?m)^platte_last_seen_pending(\\{[^}]*})? [0-9.]+")
                .containsPattern("(?m)^platte_last_seen_dropped_total(\\{[^}]*})? [0-9.]+");
    }

    @Test
    void servesTheMetricsOnlyToAdmins() {
        assertThat(client.getAnonymously(ActuatorPaths.PROMETHEUS).statusCode()).isIn(302, 401);
    }

    private OmahaRequests node() {
        return OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
    }

    private String check(OmahaRequests node) {
        return client.check(node.check("1.0.0", "")).value("/response/app/updatecheck/@status");
    }

    private String scrape() {
        var response = client.get(ActuatorPaths.PROMETHEUS);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private OptionalDouble instances(String body, String status) {
        return value(body, "platte_instances", Map.of("version", "1.0.0", "status", status));
    }

    /** A series of this test's group: its application and group labels plus {@code labels}. */
    private OptionalDouble value(String body, String name, Map<String, String> labels) {
        var all = new HashMap<>(labels);
        all.put("application", application);
        all.put("group", "Stable");
        return PrometheusText.value(body, name, all);
    }
}
