package dev.platte.notification;

import static dev.platte.notification.WebhookReceiver.await;
import static dev.platte.support.Requests.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.gate.GateEvaluator;
import dev.platte.rollout.WaveEvaluator;
import dev.platte.support.ApiFixture;
import dev.platte.support.MutableClock;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PageSession;
import dev.platte.support.Requests;
import dev.platte.support.ServerTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Progressive delivery end to end, through the Omaha endpoint and the API, as issue 13 tells it: a promotion
 * reaches wave 1's canary and then its other nodes; wave 2 waits for wave 1's share and soak and then starts;
 * a health gate on wave 2 breaches and wave 2 pauses itself; a webhook receiver that failed the first delivery
 * gets every event signed, the failed one again; "revoke and roll back" brings wave 1 back to the old version
 * as a downgrade, canary first. The gate asks an in-test stand-in for Prometheus's query API whose answer the
 * test flips.
 */
class ProgressiveDeliveryScenarioTests extends ServerTest {

    private static final String SECRET = "a-scenario-secret-of-enough-length";
    private static final String UPDATE = "/response/app/updatecheck";
    private static final String OLD = "3760.2.0";
    private static final String NEW = "3815.2.0";

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    WaveEvaluator waves;

    @Autowired
    GateEvaluator gates;

    @Autowired
    MutableClock clock;

    private WebhookReceiver receiver;
    /** Answers the kubelet failure count of the group asked for. */
    private PrometheusStandIn prometheus;
    private String webhookId;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver();
        receiver.expectSecret(SECRET);
        prometheus = new PrometheusStandIn("0");
    }

    @AfterEach
    void stop() {
        if (webhookId != null) {
            client.send("DELETE", "/api/v1/webhooks/" + webhookId, "");
        }
        receiver.close();
        prometheus.close();
        clock.reset();
    }

    @Test
    void promotesThroughTwoWavesPausesOnABreachedGateTellsASignedWebhookAndRevokesAndRollsBack() throws Exception {
        // An application with the old and the new package, its channel serving the old one, and two waves.
        var app = fixture.application(ApiFixture.unique("scenario"));
        var oldPackage = fixture.pkg(app, OLD);
        var newPackage = fixture.pkg(app, NEW);
        var channel = fixture.channel(app, "stable", oldPackage);
        var wave1Track = ApiFixture.unique("wave1");
        var wave1 = fixture.group(app,
                Requests.group("Wave 1").track(wave1Track).channel(channel).policy(policy().safeMode()));
        var wave2Track = ApiFixture.unique("wave2");
        var wave2 = fixture.group(app, Requests.group("Wave 2").track(wave2Track).channel(channel)
                .policy(policy().follows(wave1).waveCompletionPercent(100).waveSoak(Duration.ofHours(1))));
        var gate = client.ok("POST", groupPath(app, wave2) + "/gates", new HashMap<>(Map.of("name", "kubelet",
                "query", "kubelet_failed{track=\"{{track}}\"}", "threshold", 0.5, "consecutiveEvaluations", 2,
                "interval", "PT1S", "prometheusUrl", prometheus.url())))
                .get("id").asString();
        webhookId = client.ok("POST", "/api/v1/webhooks", new HashMap<>(Map.of("name", ApiFixture.unique("ops"),
                "url", receiver.url(), "secret", SECRET, "applicationId", app, "format", "cloudevents",
                "events", List.of("wave.started", "gate.breached", "group.paused", "rollback.started",
                        "package.revoked"))))
                .get("webhook").get("id").asString();
        receiver.answerNext(500, "receiver down for a moment");

        // Every node registers on the old version, before the rollout.
        var canary = node(app, wave1Track);
        var wave1Nodes = List.of(canary, node(app, wave1Track), node(app, wave1Track));
        var wave2Nodes = List.of(node(app, wave2Track), node(app, wave2Track));
        for (var node : concat(wave1Nodes, wave2Nodes)) {
            assertThat(status(node, OLD)).isEqualTo("noupdate");
        }

        // Promote: wave 1's canary first, then wave 1's other nodes; wave 2 waits.
        client.ok("PUT", channelPath(app, channel) + "/package", Map.of("packageId", newPackage));
        var offer = client.check(canary.check(OLD, ""));
        assertThat(offer.value(UPDATE + "/@status")).isEqualTo("ok");
        assertThat(offer.value(UPDATE + "/manifest/@version")).isEqualTo(NEW);
        for (var other : wave1Nodes.subList(1, 3)) {
            assertThat(status(other, OLD)).isEqualTo("noupdate");
            assertThat(instance(other).get("holdReason").asString()).isEqualTo("awaiting_canary");
        }
        install(canary, OLD, NEW);
        assertThat(instance(canary).get("status").asString()).isEqualTo("complete");
        assertThat(group(app, wave1).get("rollout").get("canary").asString()).isEqualTo("succeeded");
        for (var other : wave1Nodes.subList(1, 3)) {
            assertThat(client.check(other.check(OLD, "")).value(UPDATE + "/manifest/@version")).isEqualTo(NEW);
            install(other, OLD, NEW);
        }
        for (var node : wave1Nodes) {
            assertThat(instance(node).get("status").asString()).isEqualTo("complete");
            assertThat(instance(node).get("version").asString()).isEqualTo(NEW);
        }
        for (var node : wave2Nodes) {
            assertThat(status(node, OLD)).isEqualTo("noupdate");
            assertThat(instance(node).get("holdReason").asString()).isEqualTo("waiting_for_wave");
        }

        // Wave 1 is complete: wave 2 soaks an hour, then starts and its nodes are granted.
        waves.evaluateAll();
        var soaking = group(app, wave2).get("wave");
        assertThat(soaking.get("state").asString()).isEqualTo("waiting");
        assertThat(soaking.get("missing").asString()).isEqualTo("soak");
        assertThat(status(wave2Nodes.getFirst(), OLD)).as("the soak has not passed").isEqualTo("noupdate");
        clock.advance(Duration.ofMinutes(61));
        waves.evaluateAll();
        assertThat(group(app, wave2).get("wave").get("state").asString()).isEqualTo("open");
        for (var node : wave2Nodes) {
            assertThat(client.check(node.check(OLD, "")).value(UPDATE + "/manifest/@version")).isEqualTo(NEW);
            assertThat(instance(node).get("status").asString()).isEqualTo("granted");
        }

        // The first delivery (wave.started) meets a receiver answering 500, and is kept for a retry.
        await(dispatcher::dispatchDue, () -> !receiver.received().isEmpty());
        var failed = receiver.received().getFirst();
        assertThat(failed.header("X-Platte-Event")).isEqualTo("wave.started");
        await(() -> {}, () -> delivery(failed.header("X-Platte-Delivery")).get("attempts").asInt() == 1);
        assertThat(delivery(failed.header("X-Platte-Delivery")).get("status").asString()).isEqualTo("pending");
        assertThat(delivery(failed.header("X-Platte-Delivery")).get("lastStatusCode").asInt()).isEqualTo(500);

        // Wave 2's gate sees healthy nodes, then two breaching evaluations: wave 2 pauses itself.
        await(gates::evaluateDue, () -> "ok".equals(gate(app, wave2, gate).get("state").asString()));
        assertThat(prometheus.queries()).anySatisfy(q -> assertThat(q).isEqualTo("kubelet_failed{track=\"" + wave2Track + "\"}"));
        assertThat(group(app, wave2).get("paused").isNull()).isTrue();
        prometheus.answer("3");
        await(gates::evaluateDue, () -> !group(app, wave2).get("paused").isNull());
        var paused = group(app, wave2).get("paused");
        assertThat(paused.get("by").asString()).isEqualTo("gate:kubelet");
        assertThat(paused.get("automatic").asBoolean()).isTrue();
        assertThat(paused.get("reason").asString()).startsWith("Gate kubelet breached: ")
                .contains("kubelet_failed{track=\"" + wave2Track + "\"}", "value 3.0", "threshold 0.5",
                        "2 evaluations since");
        assertThat(gate(app, wave2, gate).get("state").asString()).isEqualTo("breached");
        assertThat(group(app, wave1).get("paused").isNull()).as("only the gated wave pauses").isTrue();
        var late = node(app, wave2Track);
        assertThat(status(late, OLD)).as("a paused wave grants no more").isEqualTo("noupdate");
        assertThat(instance(late).get("holdReason").asString()).isEqualTo("paused");

        // The breach reaches the receiver; after the backoff the failed wave.started comes again, same id.
        await(dispatcher::dispatchDue, () -> types(receiver.received()).containsAll(List.of("gate.breached",
                "group.paused")));
        clock.advance(Duration.ofSeconds(31));
        await(dispatcher::dispatchDue, () -> received(failed.header("X-Platte-Delivery")).size() == 2);
        var retried = received(failed.header("X-Platte-Delivery")).get(1);
        assertThat(retried.body()).isEqualTo(failed.body());
        await(() -> {}, () -> "delivered".equals(delivery(failed.header("X-Platte-Delivery")).get("status").asString()));
        assertThat(delivery(failed.header("X-Platte-Delivery")).get("attempts").asInt()).isEqualTo(2);
        var got = receiver.received();
        assertThat(types(got)).containsExactlyInAnyOrder("wave.started", "wave.started", "gate.breached", "group.paused");
        for (var request : got) {
            assertThat(hmacMatches(request)).as("signature of " + request.header("X-Platte-Event")).isTrue();
            assertThat(request.signatureValid()).isTrue();
        }
        var started = data(got, "wave.started");
        assertThat(started.get("groupId").asString()).isEqualTo(wave2);
        assertThat(started.get("previousGroupId").asString()).isEqualTo(wave1);
        assertThat(started.get("version").asString()).isEqualTo(NEW);
        var breached = data(got, "gate.breached");
        assertThat(breached.get("gate").asString()).isEqualTo("kubelet");
        assertThat(breached.get("groupId").asString()).isEqualTo(wave2);
        assertThat(breached.get("value").asDouble()).isEqualTo(3.0);
        assertThat(breached.get("pausedGroup").asBoolean()).isTrue();
        var pausedEvent = data(got, "group.paused");
        assertThat(pausedEvent.get("groupId").asString()).isEqualTo(wave2);
        assertThat(pausedEvent.get("cause").asString()).isEqualTo("gate");
        assertThat(pausedEvent.get("pausedBy").asString()).isEqualTo("gate:kubelet");

        // Revoke and roll back: wave 1's nodes are offered the old version as a downgrade, canary first.
        var revocation = client.send("POST", "/api/v1/apps/" + app + "/packages/" + newPackage + "/revoke-and-roll-back",
                Map.of("reason", "kubelet fails on " + NEW));
        assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(201);
        var rolledBack = client.getJson(channelPath(app, channel));
        assertThat(rolledBack.get("packageId").asString()).isEqualTo(oldPackage);
        assertThat(rolledBack.get("rollback").get("fromVersion").asString()).isEqualTo(NEW);
        var downgrade = client.check(canary.check(NEW, ""));
        assertThat(downgrade.value(UPDATE + "/@status")).isEqualTo("ok");
        assertThat(downgrade.value(UPDATE + "/manifest/@version")).isEqualTo(OLD);
        assertThat(downgrade.value(UPDATE + "/urls/url/@codebase")).endsWith("/" + OLD + "/");
        for (var other : wave1Nodes.subList(1, 3)) {
            assertThat(status(other, NEW)).as("safe mode paces a rollback too").isEqualTo("noupdate");
            assertThat(instance(other).get("holdReason").asString()).isEqualTo("awaiting_canary");
        }
        install(canary, NEW, OLD);
        var session = PageSession.admin(mvc, port);
        assertThat(session.get("/apps/" + app + "/groups/" + wave1)).bodyText()
                .contains("Rolling back from " + NEW + " to " + OLD + ": 1 of 3 back");
        for (var other : wave1Nodes.subList(1, 3)) {
            assertThat(client.check(other.check(NEW, "")).value(UPDATE + "/manifest/@version")).isEqualTo(OLD);
            install(other, NEW, OLD);
        }
        for (var node : wave1Nodes) {
            var back = instance(node);
            assertThat(back.get("status").asString()).isEqualTo("complete");
            assertThat(back.get("version").asString()).isEqualTo(OLD);
            assertThat(status(node, OLD)).as("back on the old version, nothing more to do").isEqualTo("noupdate");
        }
        var stats = client.getJson(groupPath(app, wave1) + "/stats").get("versions").get("counts");
        assertThat(stats.path(OLD).asLong()).isEqualTo(3);
        assertThat(stats.path(NEW).asLong(0)).isZero();
        var rollout = group(app, wave1).get("rollout");
        assertThat(rollout.get("targetVersion").asString()).isEqualTo(OLD);
        assertThat(rollout.get("completedAt").isNull()).isFalse();

        await(dispatcher::dispatchDue, () -> types(receiver.received()).containsAll(List.of("rollback.started",
                "package.revoked")));
        var rollbackStarted = data(receiver.received(), "rollback.started");
        assertThat(rollbackStarted.get("fromVersion").asString()).isEqualTo(NEW);
        assertThat(rollbackStarted.get("toVersion").asString()).isEqualTo(OLD);
        assertThat(rollbackStarted.get("revoked").asBoolean()).isTrue();
        assertThat(data(receiver.received(), "package.revoked").get("version").asString()).isEqualTo(NEW);
        assertThat(receiver.received()).allSatisfy(r -> assertThat(hmacMatches(r)).isTrue());
    }

    /** Checks {@code X-Platte-Signature} as a receiver written from the README would: HMAC-SHA256 of "t.body". */
    private static boolean hmacMatches(WebhookReceiver.Received request) {
        var header = request.header("X-Platte-Signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        var timestamp = header.substring(2, header.indexOf(','));
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            var expected = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + request.body())
                    .getBytes(StandardCharsets.UTF_8)));
            return header.endsWith(",v1=" + expected);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A granted update downloaded, installed and reported after the reboot into {@code to}. */
    private void install(OmahaRequests node, String from, String to) {
        for (var event : List.of(node.event(from, 13, 1), node.event(from, 14, 1), node.event(from, 3, 1))) {
            assertThat(client.check(event).value("/response/app/event/@status")).isEqualTo("ok");
        }
        assertThat(client.check(node.check(to, from)).value(UPDATE + "/@status")).isEqualTo("noupdate");
    }

    private static OmahaRequests node(String appId, String track) {
        return OmahaRequests.flatcarNode(appId, ApiFixture.machineId(), track);
    }

    private String status(OmahaRequests node, String version) {
        return client.check(node.check(version, "")).value(UPDATE + "/@status");
    }

    private JsonNode instance(OmahaRequests node) {
        return client.getJson("/api/v1/instances/" + node.machineId()).get("applications").get(0);
    }

    private JsonNode group(String app, String groupId) {
        return client.getJson(groupPath(app, groupId));
    }

    private JsonNode gate(String app, String groupId, String gateId) {
        return client.getJson(groupPath(app, groupId) + "/gates/" + gateId);
    }

    private JsonNode delivery(String deliveryId) {
        for (var delivery : client.getJson("/api/v1/webhooks/" + webhookId + "/deliveries")) {
            if (delivery.get("id").asString().equals(deliveryId)) {
                return delivery;
            }
        }
        throw new AssertionError("no delivery " + deliveryId + " in the log");
    }

    private List<WebhookReceiver.Received> received(String deliveryId) {
        return receiver.received().stream().filter(r -> deliveryId.equals(r.header("X-Platte-Delivery"))).toList();
    }

    private static List<String> types(List<WebhookReceiver.Received> received) {
        return received.stream().map(r -> r.header("X-Platte-Event")).toList();
    }

    private static JsonNode data(List<WebhookReceiver.Received> received, String type) {
        return received.stream().filter(r -> type.equals(r.header("X-Platte-Event"))).findFirst().orElseThrow()
                .json().get("data");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String groupPath(String app, String groupId) {
        return "/api/v1/apps/" + app + "/groups/" + groupId;
    }

    private static String channelPath(String app, String channel) {
        return "/api/v1/apps/" + app + "/channels/" + channel;
    }
}
