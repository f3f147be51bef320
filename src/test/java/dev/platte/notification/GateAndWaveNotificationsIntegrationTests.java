package dev.platte.notification;

import static dev.platte.notification.WebhookReceiver.await;
import static dev.platte.support.Requests.group;
import static dev.platte.support.Requests.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.gate.GateEvaluator;
import dev.platte.rollout.WaveEvaluator;
import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A wave opening and a gate breaching reach a webhook: {@code wave.started}, then exactly one
 * {@code gate.breached} and one {@code group.paused} (cause gate). The gate asks an in-test stand-in for
 * Prometheus's query API that always answers one breaching sample.
 */
class GateAndWaveNotificationsIntegrationTests extends ServerTest {

    private static final String SECRET = "a-test-secret-of-enough-length";
    private static final String UPDATE_STATUS = "/response/app/updatecheck/@status";

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    WaveEvaluator waves;

    @Autowired
    GateEvaluator gates;

    private WebhookReceiver receiver;
    private PrometheusStandIn prometheus;
    private String webhookId;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver();
        receiver.expectSecret(SECRET);
        prometheus = new PrometheusStandIn("1");
    }

    @AfterEach
    void stop() {
        if (webhookId != null) {
            client.send("DELETE", "/api/v1/webhooks/" + webhookId, "");
        }
        receiver.close();
        prometheus.close();
    }

    @Test
    void aWaveStartingAndAGateBreachingReachTheWebhookOnceEach() {
        var release = fixture.release("1.0.0");
        var track = ApiFixture.unique("wave2");
        var wave2 = fixture.group(release.appId(), group("Wave 2").track(track).channel(release.channelId())
                .policy(policy().follows(release.groupId()).waveCompletionPercent(100).waveSoak(Duration.ZERO)));
        webhookId = client.ok("POST", "/api/v1/webhooks", new HashMap<>(Map.of("name", ApiFixture.unique("ops"),
                "url", receiver.url(), "secret", SECRET, "applicationId", release.appId(), "format", "cloudevents",
                "events", List.of("wave.started", "gate.breached", "group.paused"))))
                .get("webhook").get("id").asString();
        var first = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        var later = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), track);
        client.check(first.check("1.0.0", ""));
        client.check(later.check("1.0.0", ""));

        var pkg = fixture.pkg(release.appId(), "2.0.0");
        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/package",
                Map.of("packageId", pkg));
        assertThat(client.check(first.check("1.0.0", "")).value(UPDATE_STATUS)).isEqualTo("ok");
        client.check(first.event("1.0.0", 13, 1));
        client.check(first.event("1.0.0", 14, 1));
        client.check(first.event("1.0.0", 3, 1));
        client.check(first.check("2.0.0", "1.0.0"));
        waves.evaluateAll();
        assertThat(client.check(later.check("1.0.0", "")).value(UPDATE_STATUS)).isEqualTo("ok");

        client.ok("POST", "/api/v1/apps/" + release.appId() + "/groups/" + wave2 + "/gates",
                new HashMap<>(Map.of("name", "kubelet", "query", "kubelet_failed{group=\"{{group}}\"}",
                        "threshold", 0.5, "consecutiveEvaluations", 1, "interval", "PT1S",
                        "prometheusUrl", prometheus.url())));
        await(gates::evaluateDue, () -> !client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + wave2)
                .path("paused").isNull());
        await(dispatcher::dispatchDue, () -> receiver.received().size() >= 3);
        // More rounds find nothing more to deliver: each event once.
        for (int i = 0; i < 3; i++) {
            gates.evaluateDue();
            waves.evaluateAll();
            dispatcher.dispatchDue();
        }

        var received = receiver.received();
        assertThat(received).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        assertThat(received.stream().map(r -> r.header("X-Platte-Event")).sorted().toList())
                .containsExactly("gate.breached", "group.paused", "wave.started");
        var started = event(received, "wave.started").get("data");
        assertThat(started.get("groupId").asString()).isEqualTo(wave2);
        assertThat(started.get("previousGroupId").asString()).isEqualTo(release.groupId());
        assertThat(started.get("version").asString()).isEqualTo("2.0.0");
        assertThat(started.get("previousPercentOnVersion").asInt()).isEqualTo(100);
        var paused = event(received, "group.paused").get("data");
        assertThat(paused.get("groupId").asString()).isEqualTo(wave2);
        assertThat(paused.get("cause").asString()).isEqualTo("gate");
        assertThat(paused.get("pausedBy").asString()).isEqualTo("gate:kubelet");
        assertThat(paused.get("targetVersion").asString()).isEqualTo("2.0.0");
        var breached = event(received, "gate.breached").get("data");
        assertThat(breached.get("gate").asString()).isEqualTo("kubelet");
        assertThat(breached.get("value").asDouble()).isEqualTo(1.0);
        assertThat(breached.get("pausedGroup").asBoolean()).isTrue();
    }

    private static JsonNode event(List<WebhookReceiver.Received> received, String type) {
        return received.stream().filter(r -> type.equals(r.header("X-Platte-Event"))).findFirst().orElseThrow().json();
    }
}
