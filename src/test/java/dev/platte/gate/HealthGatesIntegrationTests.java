package dev.platte.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.Form;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PageSession;
import dev.platte.support.ServerTest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/** Health gates and the Alertmanager receiver against Debian's real Prometheus and Alertmanager. */
class HealthGatesIntegrationTests extends ServerTest {

    private static final String UPDATE = "/response/app/updatecheck";
    private static PrometheusStack stack;

    @Autowired
    GateEvaluator evaluator;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void startStack() throws IOException {
        if (stack == null) {
            stack = PrometheusStack.start(port, IntegrationTest.ALERTMANAGER_TOKEN);
        }
    }

    @AfterAll
    static void stopStack() throws IOException {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    @Test
    void pausesTheGroupAfterTheConfiguredConsecutiveBreachesOfAScrapedMetric() {
        var release = rolloutInProgress();
        var series = "platte_test_failed{track=\"%s\"}".formatted(release.track());
        stack.series.put(series, 0.0);
        var gate = createGate(release, Map.of("name", "kubelet", "query", "platte_test_failed{track=\"{{track}}\"}",
                "threshold", 0.5, "consecutiveEvaluations", 2, "interval", "PT1S",
                "prometheusUrl", stack.prometheusUrl()));
        await(() -> "ok".equals(gate(release, gate).get("state").asString())
                && gate(release, gate).get("lastValue").isNumber(), "the gate sees the scraped 0");
        assertThat(isPaused(release)).isFalse();

        stack.series.put(series, 1.0);
        await(() -> isPaused(release), "the group pauses itself");

        var paused = group(release);
        assertThat(paused.get("paused").get("by").asString()).isEqualTo("gate:kubelet");
        assertThat(paused.get("paused").get("reason").asString())
                .contains("Gate kubelet breached", "platte_test_failed{track=\"" + release.track() + "\"}",
                        "value 1.0", "threshold 0.5", "2 evaluations since");
        var view = gate(release, gate);
        assertThat(view.get("state").asString()).isEqualTo("breached");
        assertThat(view.get("lastValue").asDouble()).isEqualTo(1.0);
        assertThat(view.get("lastEvaluatedAt").isNull()).isFalse();
        assertThat(activities(release.groupId(), "gate_breached")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE actor = 'gate:kubelet' AND action = 'group.pause'"
                + " AND target_id = ?", Integer.class, release.groupId())).isEqualTo(1);

        stack.series.put(series, 0.0);
        await(() -> "ok".equals(gate(release, gate).get("state").asString()), "the gate recovers");
        assertThat(activities(release.groupId(), "gate_recovered")).isEqualTo(1);
        assertThat(isPaused(release)).as("recovery does not resume").isTrue();
    }

    @Test
    void twoConcurrentEvaluatorsPauseTheGroupOnce() throws Exception {
        var release = rolloutInProgress();
        var series = "platte_test_failed{track=\"%s\"}".formatted(release.track());
        stack.series.put(series, 1.0);
        await(() -> prometheusHas(series), "Prometheus scraped the series");
        createGate(release, Map.of("name", "racing", "query", "platte_test_failed{track=\"{{track}}\"} == 1",
                "interval", "PT1S", "prometheusUrl", stack.prometheusUrl()));

        var pool = Executors.newFixedThreadPool(2);
        try {
            var start = new CountDownLatch(1);
            var runs = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return evaluator.evaluateDue();
                }));
            }
            start.countDown();
            for (var run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        await(() -> isPaused(release), "the group pauses itself");
        assertThat(activities(release.groupId(), "group_paused")).isEqualTo(1);
        assertThat(activities(release.groupId(), "gate_breached")).isEqualTo(1);
    }

    @Test
    void anUnreachablePrometheusHoldsNewUpdatesWithGateUnknown() throws IOException {
        var release = rolloutInProgress();
        var closed = PrometheusStack.freePort();
        var gate = createGate(release, Map.of("name", "unreachable", "query", "up == 0", "interval", "PT1S",
                "prometheusUrl", "http://127.0.0.1:" + closed));
        await(() -> "unknown".equals(gate(release, gate).get("state").asString()), "the gate is unknown");
        assertThat(gate(release, gate).get("lastError").asString()).contains("cannot reach Prometheus");
        assertThat(isPaused(release)).as("unknown does not pause").isFalse();

        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        assertThat(client.check(node.check("1.0.0", "")).value(UPDATE + "/@status")).isEqualTo("noupdate");
        assertThat(holdReason(node)).isEqualTo("gate_unknown");
        // Again, now on the quick path (the node is already held for this reason).
        assertThat(client.check(node.check("1.0.0", "")).value(UPDATE + "/@status")).isEqualTo("noupdate");

        client.ok("PUT", gatePath(release) + "/" + gate, Map.of("name", "unreachable", "query", "up == 0",
                "interval", "PT1S", "onUnknown", "ignore", "prometheusUrl", "http://127.0.0.1:" + closed));
        assertThat(client.check(node.check("1.0.0", "")).value(UPDATE + "/@status")).isEqualTo("ok");
    }

    @Test
    void aFiringAlertRoutedThroughAlertmanagerPausesTheMatchingGroupAndItsResolutionResumesIt() {
        var release = rolloutInProgress();
        var other = rolloutInProgress();
        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/alerts",
                Map.of("matchers", Map.of("platte_track", release.track()), "resumeOnResolve", true));
        var series = "platte_test_alert{platte_track=\"%s\"}".formatted(release.track());
        stack.series.put(series, 1.0);

        await(() -> isPaused(release), "the alert pauses the group");
        var paused = group(release);
        assertThat(paused.get("paused").get("by").asString()).isEqualTo("alert:KubeletFailed");
        assertThat(paused.get("paused").get("reason").asString())
                .isEqualTo("Alert KubeletFailed: kubelet failed on " + release.track());
        assertThat(isPaused(other)).as("its labels do not match").isFalse();

        stack.series.put(series, 0.0);
        await(() -> !isPaused(release), "the resolved alert resumes the group");
        assertThat(activities(release.groupId(), "group_paused")).isEqualTo(1);
        assertThat(activities(release.groupId(), "group_resumed")).isEqualTo(1);
    }

    @Test
    void theReceiverRefusesMissingCredentialsAndIsIdempotentForRepeatedNotifications() {
        var release = rolloutInProgress();
        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/alerts",
                Map.of("matchers", Map.of("platte_track", release.track()), "resumeOnResolve", false));
        var payload = """
                {"version":"4","status":"firing","receiver":"platte","groupKey":"{}:{}","truncatedAlerts":0,
                 "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am",
                 "alerts":[{"status":"firing","labels":{"alertname":"NodeDown","platte_track":"%s"},
                   "annotations":{"summary":"node down"},"startsAt":"2026-01-01T00:00:00Z",
                   "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://p","fingerprint":"abc123"}]}"""
                .formatted(release.track());
        var anonymous = new dev.platte.support.PlatteClient(port, "nobody", "wrong");
        assertThat(anonymous.send("POST", "/api/v1/alertmanager", Map.of("version", "4"))
                .statusCode()).isEqualTo(401);
        for (int i = 0; i < 2; i++) {
            assertThat(post(payload).statusCode()).isEqualTo(200);
        }
        assertThat(group(release).get("paused").get("reason").asString()).isEqualTo("Alert NodeDown: node down");
        assertThat(activities(release.groupId(), "group_paused")).isEqualTo(1);
        assertThat(post(payload.replace("\"firing\"", "\"resolved\"")).statusCode()).isEqualTo(200);
        assertThat(isPaused(release)).as("not set to resume on resolve").isTrue();
        assertThat(post("{\"version\":\"3\",\"alerts\":[]}").statusCode()).isEqualTo(400);
    }

    @Test
    void gateInputIsCheckedFieldByField() {
        var release = rolloutInProgress();
        var response = client.send("POST", gatePath(release),
                Map.of("name", "bad", "query", "up{group=\"{{nope}}\"}", "interval", "PT1S"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("query");
        assertThat(response.body()).contains("{{nope}}");
        var interval = client.send("POST", gatePath(release), Map.of("name", "bad", "query", "up", "interval", "PT0S"));
        assertThat(interval.statusCode()).isEqualTo(400);
        assertThat(fields(interval)).containsExactly("interval");
        var blank = client.send("POST", gatePath(release), Map.of("name", "", "query", "up"));
        assertThat(fields(blank)).containsExactly("name");
        assertThat(client.getJson(gatePath(release)).size()).as("nothing saved").isZero();

        var paths = client.getJson("/v3/api-docs").get("paths");
        assertThat(paths.has("/api/v1/apps/{app}/groups/{group}/gates")).isTrue();
        assertThat(paths.has("/api/v1/apps/{app}/groups/{group}/gates/{id}")).isTrue();
        assertThat(paths.has("/api/v1/alertmanager")).isTrue();
    }

    private static java.util.List<String> fields(java.net.http.HttpResponse<String> response) {
        var result = new ArrayList<String>();
        var problem = dev.platte.support.PlatteClient.json(response);
        if (problem.has("errors")) {
            problem.get("errors").forEach(e -> result.add(e.get("field").asString()));
        }
        return result;
    }

    @Test
    void theGroupPageAddsEditsAndDeletesGatesAndShowsTheirState() throws Exception {
        var release = rolloutInProgress();
        var session = PageSession.admin(mvc, port);
        var groupPage = "/apps/" + release.appId() + "/groups/" + release.groupId();
        var newGate = groupPage + "/gates/new";

        var refused = session.submit(newGate, Form.of("name", "kubelet", "query", "up{x=\"{{cluster}}\"}",
                "consecutiveEvaluations", "2", "interval", "soon", "soak", "1h", "onUnknown", "hold"));
        assertThat(refused).hasStatusOk().bodyText().contains("is not a duration").doesNotContain("Gate kubelet added");
        assertThat(client.getJson(gatePath(release)).size()).as("nothing saved").isZero();
        refused = session.submit(newGate, Form.of("name", "kubelet", "query", "up{x=\"{{cluster}}\"}",
                "consecutiveEvaluations", "2", "interval", "30s", "soak", "1h", "onUnknown", "hold"));
        assertThat(refused).bodyText().contains("unknown placeholder {{cluster}}");

        var created = session.submit(newGate, Form.of("name", "kubelet", "query", "up{track=\"{{track}}\"} == 0",
                "threshold", "", "consecutiveEvaluations", "2", "interval", "30s", "soak", "1h", "onUnknown", "ignore",
                "prometheusUrl", ""));
        assertThat(created).hasStatus(HttpStatus.FOUND);
        var gate = client.getJson(gatePath(release)).get(0);
        assertThat(gate.get("interval").asString()).isEqualTo("PT30S");
        assertThat(gate.get("onUnknown").asString()).isEqualTo("ignore");

        var edit = groupPage + "/gates/" + gate.get("id").asString() + "/edit";
        assertThat(session.submit(edit, Form.of("name", "kubelet", "query", "up == 0", "threshold", "0.5",
                "consecutiveEvaluations", "3", "interval", "1m", "soak", "0", "onUnknown", "hold", "prometheusUrl", "")))
                .hasStatus(HttpStatus.FOUND);
        assertThat(client.getJson(gatePath(release)).get(0).get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(session.get(groupPage)).bodyText().contains("Health gates", "id=\"gate-kubelet\"", "up == 0", "gate-state");

        var alertsAction = groupPage + "/alerts";
        // The alerts form is on the group page: opened there, as a browser would (which also shows the notice
        // of the gate edit still waiting in the session).
        assertThat(session.get(groupPage)).hasStatusOk();
        assertThat(session.submit(alertsAction, Form.of("matchers", "bad line"))).hasStatus(HttpStatus.FOUND);
        assertThat(session.get(groupPage)).bodyText().contains("Write one matcher a line as label=value");
        assertThat(session.submit(alertsAction, Form.of("matchers", "cluster=eu-1\nseverity=\"page\"", "resumeOnResolve", "true")))
                .hasStatus(HttpStatus.FOUND);
        var alertSettings = client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/alerts");
        assertThat(alertSettings.get("matchers").get("cluster").asString()).isEqualTo("eu-1");
        assertThat(alertSettings.get("matchers").get("severity").asString()).isEqualTo("page");
        assertThat(alertSettings.get("resumeOnResolve").asBoolean()).isTrue();

        var delete = groupPage + "/gates/" + gate.get("id").asString() + "/delete";
        assertThat(session.submit(delete, new Form())).hasStatus(HttpStatus.FOUND);
        assertThat(client.getJson(gatePath(release)).size()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE target_id = ? AND action LIKE 'gate.%'",
                Integer.class, gate.get("id").asString())).isEqualTo(3);
    }

    private java.net.http.HttpResponse<String> post(String body) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                            .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/alertmanager"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + IntegrationTest.ALERTMANAGER_TOKEN)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A group whose channel serves 2.0.0 and one node granted it: its rollout is in progress. */
    private ApiFixture.Release rolloutInProgress() {
        var release = fixture.release("2.0.0");
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        assertThat(client.check(node.check("1.0.0", "")).value(UPDATE + "/@status")).isEqualTo("ok");
        return release;
    }

    private String gatePath(ApiFixture.Release release) {
        return "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/gates";
    }

    private String createGate(ApiFixture.Release release, Map<String, Object> body) {
        return client.ok("POST", gatePath(release), new HashMap<>(body)).get("id").asString();
    }

    private tools.jackson.databind.JsonNode gate(ApiFixture.Release release, String id) {
        return client.getJson(gatePath(release) + "/" + id);
    }

    private tools.jackson.databind.JsonNode group(ApiFixture.Release release) {
        return client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + release.groupId());
    }

    private boolean isPaused(ApiFixture.Release release) {
        var paused = group(release).path("paused");
        return !paused.isMissingNode() && !paused.isNull();
    }

    private String holdReason(OmahaRequests node) {
        return client.getJson("/api/v1/instances/" + node.machineId()).get("applications").get(0).get("holdReason")
                .asString();
    }

    private int activities(String groupId, String kind) {
        return jdbc.queryForObject("SELECT count(*) FROM activity WHERE group_id = ?::uuid AND kind = ?", Integer.class,
                groupId, kind);
    }

    private boolean prometheusHas(String series) {
        var answer = new PrometheusClient(new PrometheusProperties(stack.prometheusUrl(), null, null, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(2), 1 << 20, Duration.ofSeconds(1)), null,
                tools.jackson.databind.json.JsonMapper.builder().build()).query(null, series);
        return answer instanceof PrometheusClient.Answer.Samples samples && !samples.values().isEmpty();
    }

    /** Evaluates due gates (as the scheduler also does) until {@code condition} holds, for at most 20 s. */
    private void await(BooleanSupplier condition, String what) {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until %s", what).isLessThan(deadline);
            evaluator.evaluateDue();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
