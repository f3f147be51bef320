package dev.platte.notification;

import static dev.platte.notification.WebhookReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.catalog.ApplicationService;
import dev.platte.rollout.GroupService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.platte.support.ApiFixture;
import dev.platte.support.MutableClock;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.ServerTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks end to end: changes made through the API become signed deliveries to a receiver on 127.0.0.1,
 * through the outbox in PostgreSQL and the dispatcher, with retries, filters, formats and two dispatchers
 * at once.
 */
class WebhookIntegrationTests extends ServerTest {

    private static final String SECRET = "a-test-secret-of-enough-length";

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    MutableClock clock;

    @Autowired
    GroupService groups;

    @Autowired
    ApplicationService applications;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    Outbox outbox;

    @Autowired
    AddressCheck addresses;

    private WebhookReceiver receiver;
    private final List<String> webhooks = new ArrayList<>();

    @BeforeEach
    void startReceiver() {
        receiver = new WebhookReceiver();
        receiver.expectSecret(SECRET);
    }

    @AfterEach
    void cleanUp() {
        webhooks.forEach(id -> client.send("DELETE", "/api/v1/webhooks/" + id, ""));
        receiver.close();
        clock.reset();
    }

    @Test
    void pausingAGroupThroughTheApiDeliversASignedGroupPausedEvent() {
        var release = fixture.release("2.0.0");
        var hook = webhook(spec("ops", List.of("group.paused"), release.appId(), null, "cloudevents"));

        client.ok("POST", groupPath(release) + "/pause", Map.of("reason", "kernel panic on r5 instances"));

        await(dispatcher::dispatchDue, () -> receiver.received().size() == 1);
        var got = receiver.received().getFirst();
        assertThat(got.signatureValid()).isTrue();
        assertThat(got.header("X-Platte-Signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(got.header("X-Platte-Event")).isEqualTo("group.paused");
        assertThat(got.header("Content-Type")).startsWith("application/json");
        var event = got.json();
        assertThat(event.get("specversion").asString()).isEqualTo("1.0");
        assertThat(event.get("type").asString()).isEqualTo("group.paused");
        assertThat(event.get("id").asString()).isEqualTo(got.header("X-Platte-Event-Id"));
        assertThat(event.get("source").asString()).isEqualTo("/platte");
        assertThat(Instant.parse(event.get("time").asString())).isNotNull();
        var data = event.get("data");
        assertThat(data.get("applicationId").asString()).isEqualTo(release.appId());
        assertThat(data.get("groupId").asString()).isEqualTo(release.groupId());
        assertThat(data.get("group").asString()).isEqualTo("Stable");
        assertThat(data.get("cause").asString()).isEqualTo("person");
        assertThat(data.get("pausedBy").asString()).isEqualTo("admin");
        assertThat(data.get("reason").asString()).isEqualTo("kernel panic on r5 instances");

        await(() -> {}, () -> deliveries(hook).getFirst().get("status").asString().equals("delivered"));
        var logged = deliveries(hook);
        assertThat(logged).hasSize(1);
        assertThat(logged.getFirst().get("id").asString()).isEqualTo(got.header("X-Platte-Delivery"));
        assertThat(logged.getFirst().get("eventType").asString()).isEqualTo("group.paused");
        assertThat(logged.getFirst().get("attempts").asInt()).isEqualTo(1);
        assertThat(logged.getFirst().get("lastStatusCode").asInt()).isEqualTo(200);
        assertThat(client.get("/actuator/prometheus").body())
                .containsPattern("platte_webhook_deliveries_total\\{[^}]*outcome=\"delivered\"[^}]*\\} [1-9]");
    }

    @Test
    void retriesAReceiverThatAnswered500AfterTheBackoffWithTheSameDeliveryId() {
        var release = fixture.release("2.0.0");
        var hook = webhook(spec("flaky", List.of("group.paused"), release.appId(), null, "cloudevents"));
        receiver.answerNext(500, "<html>\n\u0007Internal error\t" + "x".repeat(10_000) + "</html>");

        client.ok("POST", groupPath(release) + "/pause", Map.of("reason", "testing retries"));
        await(dispatcher::dispatchDue, () -> receiver.received().size() == 1);
        await(() -> {}, () -> deliveries(hook).getFirst().get("attempts").asInt() == 1);

        var failed = deliveries(hook).getFirst();
        assertThat(failed.get("status").asString()).isEqualTo("pending");
        assertThat(failed.get("lastStatusCode").asInt()).isEqualTo(500);
        var error = failed.get("lastError").asString();
        assertThat(error).startsWith("HTTP 500: <html> Internal error xxx").doesNotContain("\n", "\t");
        assertThat(error.length()).isLessThanOrEqualTo("HTTP 500: ".length() + WebhookDispatcher.EXCERPT_LENGTH + 1);
        var nextTry = Instant.parse(failed.get("nextAttemptAt").asString());
        assertThat(nextTry).isAfter(Instant.parse(failed.get("lastAttemptAt").asString()).plusSeconds(29));

        dispatcher.dispatchDue();
        assertThat(receiver.received()).hasSize(1);

        clock.advance(Duration.ofSeconds(31));
        await(dispatcher::dispatchDue, () -> receiver.received().size() == 2);
        var first = receiver.received().get(0);
        var second = receiver.received().get(1);
        assertThat(second.signatureValid()).isTrue();
        assertThat(second.header("X-Platte-Delivery")).isEqualTo(first.header("X-Platte-Delivery"));
        assertThat(second.body()).isEqualTo(first.body());
        await(() -> {}, () -> deliveries(hook).getFirst().get("status").asString().equals("delivered"));
        assertThat(deliveries(hook).getFirst().get("attempts").asInt()).isEqualTo(2);
        assertThat(deliveries(hook).getFirst().get("lastError").isNull()).isTrue();
    }

    @Test
    void endsAnAttemptWhoseAnswerTricklesPastTheTimeoutsAndRetriesIt() throws Exception {
        var hook = webhook(spec("trickle", List.of("sync.failed"), null, null, "cloudevents"));
        receiver.trickleNext(500, Duration.ofMillis(300));
        // Due only in 30 s for the server's own dispatcher; a replica whose clock is a minute ahead, with 1 s
        // timeouts, takes it at once.
        var dueAt = clock.instant().plusSeconds(30);
        outbox.add(UUID.fromString(hook), new Notification(UUID.randomUUID(), NotificationType.WEBHOOK_TEST, dueAt, null,
                null, "trickle", Map.of()), "{}", dueAt, dueAt.plus(Duration.ofHours(1)));
        var impatient = new WebhookDispatcher(outbox, new NotificationProperties(true, "/platte", Duration.ofHours(1),
                20, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofHours(24), Duration.ofDays(7)), addresses, Clock.offset(clock, Duration.ofMinutes(1)),
                new SimpleMeterRegistry());
        try {
            var started = System.nanoTime();
            assertThat(impatient.dispatchDue()).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
        } finally {
            impatient.close();
        }
        var delivery = deliveries(hook).getFirst();
        assertThat(delivery.get("status").asString()).isEqualTo("pending");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("lastError").asString()).isEqualTo("no answer within 2 s");
    }

    @Test
    void aChangeThatRollsBackWritesNoOutboxRow() {
        var release = fixture.release("2.0.0");
        var hook = webhook(spec("rollback", List.of("group.paused"), release.appId(), null, "cloudevents"));
        var transactions = new TransactionTemplate(transactionManager);

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            groups.pause(applications.application(release.appId()), UUID.fromString(release.groupId()), "never happened", "admin");
            throw new IllegalStateException("a later step of the same change failed");
        })).hasMessageContaining("later step");

        assertThat(client.getJson(groupPath(release)).get("paused").isNull()).isTrue();
        assertThat(deliveries(hook)).isEmpty();

        client.ok("POST", groupPath(release) + "/pause", Map.of("reason", "this one commits"));
        var written = deliveries(hook);
        assertThat(written).hasSize(1);
        assertThat(written.getFirst().get("eventType").asString()).isEqualTo("group.paused");
    }

    @Test
    void deliversOnlyWhatEachWebhookFiltersFor() {
        var a = fixture.release("2.0.0");
        var beta = fixture.group(a.appId(), "Beta", ApiFixture.unique("track"), a.channelId());
        var b = fixture.release("2.0.0");
        var appHook = webhook(spec("app-a", List.of("group.paused"), a.appId(), null, "cloudevents"));
        var groupHook = webhook(spec("group-a-stable", List.of("group.paused", "group.resumed", "package.revoked"),
                null, a.groupId(), "cloudevents"));
        var resumedOfB = webhook(spec("resumed-b", List.of("group.resumed"), b.appId(), null, "cloudevents"));
        assertThat(client.getJson("/api/v1/webhooks/" + groupHook).get("applicationId").asString()).isEqualTo(a.appId());

        client.ok("POST", groupPath(a) + "/pause", Map.of("reason", "one"));
        client.ok("POST", "/api/v1/apps/" + a.appId() + "/groups/" + beta + "/pause", Map.of("reason", "two"));
        client.ok("POST", groupPath(b) + "/pause", Map.of("reason", "three"));
        client.ok("POST", groupPath(a) + "/resume", Map.of("reason", "fixed"));
        var old = fixture.pkg(a.appId(), "1.0.0");
        client.ok("POST", "/api/v1/apps/" + a.appId() + "/packages/" + old + "/revoke", Map.of("reason", "broken"));

        assertThat(eventTypes(appHook)).containsExactlyInAnyOrder("group.paused", "group.paused");
        assertThat(eventTypes(groupHook)).containsExactlyInAnyOrder("group.paused", "group.resumed", "package.revoked");
        assertThat(eventTypes(resumedOfB)).isEmpty();

        await(dispatcher::dispatchDue, () -> receiver.received().size() == 5);
        var revoked = receiver.received().stream().filter(r -> r.header("X-Platte-Event").equals("package.revoked"))
                .findFirst().orElseThrow().json().get("data");
        assertThat(revoked.get("version").asString()).isEqualTo("1.0.0");
        assertThat(revoked.get("channel").isNull()).isTrue();
        assertThat(revoked.get("reason").asString()).isEqualTo("broken");
        assertThat(revoked.get("revokedBy").asString()).isEqualTo("admin");
        var resumed = receiver.received().stream().filter(r -> r.header("X-Platte-Event").equals("group.resumed"))
                .findFirst().orElseThrow().json().get("data");
        assertThat(resumed.get("resumedBy").asString()).isEqualTo("admin");
        assertThat(resumed.get("reason").asString()).isEqualTo("fixed");
        assertThat(resumed.get("pausedReason").asString()).isEqualTo("one");
    }

    @Test
    void slackWebhooksGetTextAndBlocksWithSlackEscaping() {
        var release = fixture.release("2.0.0");
        webhook(spec("slack", List.of("group.paused"), release.appId(), null, "slack"));

        client.ok("POST", groupPath(release) + "/pause", Map.of("reason", "nodes <r5> & friends"));

        await(dispatcher::dispatchDue, () -> receiver.received().size() == 1);
        var message = receiver.received().getFirst().json();
        assertThat(message.get("text").asString())
                .startsWith("Group paused: Group Stable of ")
                .contains("paused by admin: nodes <r5> & friends");
        var blocks = message.get("blocks");
        assertThat(blocks.get(0).get("type").asString()).isEqualTo("section");
        assertThat(blocks.get(0).get("text").get("type").asString()).isEqualTo("mrkdwn");
        assertThat(blocks.get(0).get("text").get("text").asString())
                .startsWith("*Group paused*: ").contains("nodes &lt;r5&gt; &amp; friends");
        assertThat(blocks.get(1).get("type").asString()).isEqualTo("context");
        assertThat(receiver.received().getFirst().signatureValid()).isTrue();
    }

    @Test
    void sendsATestEventAtOnceAndReportsTheOutcome() {
        var hook = webhook(spec("test-button", List.of("sync.failed"), null, null, "cloudevents"));

        var delivered = client.ok("POST", "/api/v1/webhooks/" + hook + "/test", "");
        assertThat(delivered.get("status").asString()).isEqualTo("delivered");
        assertThat(delivered.get("eventType").asString()).isEqualTo("webhook.test");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
        var got = receiver.received().getFirst();
        assertThat(got.signatureValid()).isTrue();
        assertThat(got.json().get("type").asString()).isEqualTo("webhook.test");
        assertThat(got.json().get("data").get("webhook").asString()).startsWith("test-button");

        receiver.answerNext(503, "busy");
        var failed = client.ok("POST", "/api/v1/webhooks/" + hook + "/test", "");
        assertThat(failed.get("status").asString()).isEqualTo("pending");
        assertThat(failed.get("lastStatusCode").asInt()).isEqualTo(503);
        assertThat(failed.get("lastError").asString()).isEqualTo("HTTP 503: busy");
        assertThat(failed.get("nextAttemptAt").isNull()).isFalse();

        assertThat(deliveries(hook)).hasSize(2);
        assertThat(deliveries(hook).getFirst().get("id").asString()).isEqualTo(failed.get("id").asString());
    }

    @Test
    void prunesFinishedDeliveriesAfterTheRetentionButKeepsPendingOnes() {
        var hook = webhook(spec("pruned", List.of("sync.failed"), null, null, "cloudevents"));
        client.ok("POST", "/api/v1/webhooks/" + hook + "/test", "");
        receiver.answerNext(500, "down");
        client.ok("POST", "/api/v1/webhooks/" + hook + "/test", "");
        assertThat(deliveries(hook)).extracting(d -> d.get("status").asString())
                .containsExactlyInAnyOrder("delivered", "pending");

        dispatcher.prune(clock.instant().plus(Duration.ofDays(6)));
        assertThat(deliveries(hook)).hasSize(2);
        dispatcher.prune(clock.instant().plus(Duration.ofDays(8)));
        assertThat(deliveries(hook)).extracting(d -> d.get("status").asString()).containsExactly("pending");
    }

    @Test
    void twoDispatchersAtOnceDeliverEachEventExactlyOnce() throws Exception {
        var release = fixture.release("2.0.0");
        var hook = webhook(spec("replicas", List.of("group.paused", "group.resumed"), release.appId(), null,
                "cloudevents"));
        receiver.slowDown(Duration.ofMillis(20));
        for (var i = 0; i < 15; i++) {
            client.ok("POST", groupPath(release) + "/pause", Map.of("reason", "round " + i));
            client.ok("POST", groupPath(release) + "/resume", Map.of("reason", "round " + i));
        }

        var start = new CountDownLatch(1);
        try (var replicas = Executors.newFixedThreadPool(2)) {
            var runs = new ArrayList<Future<Integer>>();
            for (var replica = 0; replica < 2; replica++) {
                runs.add(replicas.submit(() -> {
                    start.await();
                    var sent = 0;
                    int batch;
                    while ((batch = dispatcher.dispatchDue()) > 0) {
                        sent += batch;
                    }
                    return sent;
                }));
            }
            start.countDown();
            for (var run : runs) {
                run.get();
            }
        }
        await(dispatcher::dispatchDue, () -> deliveries(hook).stream()
                .allMatch(d -> d.get("status").asString().equals("delivered")));

        var deliveryIds = receiver.received().stream().map(r -> r.header("X-Platte-Delivery")).toList();
        assertThat(deliveryIds).hasSize(30).doesNotHaveDuplicates();
        assertThat(receiver.received().stream().map(r -> r.header("X-Platte-Event-Id")).distinct()).hasSize(30);
        assertThat(receiver.received()).allMatch(WebhookReceiver.Received::signatureValid);
        assertThat(deliveries(hook)).hasSize(30).allMatch(d -> d.get("attempts").asInt() == 1);
    }

    @Test
    void tellsOfRolloutsStartingAndCompleting() {
        var release = fixture.release("2.0.0");
        var hook = webhook(spec("rollouts", List.of("rollout.started", "rollout.completed"), release.appId(), null,
                "cloudevents"));
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());

        client.check(node.check("1.0.0", ""));
        client.check(node.event("1.0.0", 13, 1));
        client.check(node.event("1.0.0", 14, 1));
        client.check(node.event("1.0.0", 3, 1));
        client.check(node.check("2.0.0", "1.0.0"));
        var next = fixture.pkg(release.appId(), "3.0.0");
        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/package",
                Map.of("packageId", next));

        assertThat(eventTypes(hook)).containsExactlyInAnyOrder("rollout.started", "rollout.completed", "rollout.started");
        await(dispatcher::dispatchDue, () -> receiver.received().size() == 3);
        var completed = dataOf("rollout.completed");
        assertThat(completed).singleElement().satisfies(d -> {
            assertThat(d.get("version").asString()).isEqualTo("2.0.0");
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("failures").asInt()).isZero();
        });
        var started = dataOf("rollout.started");
        assertThat(started).hasSize(2).anySatisfy(d -> {
            assertThat(d.get("version").asString()).isEqualTo("2.0.0");
            assertThat(d.get("previousVersion").isNull()).isTrue();
        }).anySatisfy(d -> {
            assertThat(d.get("version").asString()).isEqualTo("3.0.0");
            assertThat(d.get("previousVersion").asString()).isEqualTo("2.0.0");
            assertThat(d.get("group").asString()).isEqualTo("Stable");
        });
    }

    private List<JsonNode> dataOf(String eventType) {
        return receiver.received().stream().filter(r -> r.header("X-Platte-Event").equals(eventType))
                .map(r -> r.json().get("data")).toList();
    }

    @Test
    void refusesInvalidWebhooksFieldByFieldAndNeverShowsTheSecretAgain() {
        var a = fixture.release("2.0.0");
        var b = fixture.release("2.0.0");
        assertFieldError(withField(spec("x", List.of("group.paused"), null, null, "cloudevents"), "url", "ftp://example.com/"),
                "url");
        assertFieldError(spec("x", List.of(), null, null, "cloudevents"), "events");
        assertFieldError(spec("x", List.of("no.such.event"), null, null, "cloudevents"), "events");
        assertFieldError(spec("x", List.of("group.paused"), b.appId(), a.groupId(), "cloudevents"), "groupId");
        assertFieldError(withField(spec("x", List.of("group.paused"), null, null, "cloudevents"), "secret", "short"),
                "secret");
        assertFieldError(withField(spec("", List.of("group.paused"), null, null, "cloudevents"), "format", null),
                "name", "format");

        var body = spec(ApiFixture.unique("generated"), List.of("group.paused"), null, null, "slack");
        body.remove("secret");
        var created = client.ok("POST", "/api/v1/webhooks", body);
        var id = created.get("webhook").get("id").asString();
        webhooks.add(id);
        assertThat(created.get("secret").asString()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(client.get("/api/v1/webhooks/" + id).body()).doesNotContain("secret")
                .doesNotContain(created.get("secret").asString());
        assertThat(client.get("/api/v1/webhooks").body()).doesNotContain(created.get("secret").asString());

        var audit = client.getJson("/api/v1/audit?action=webhook.create&targetType=webhook").get("items");
        var entry = new ArrayList<JsonNode>();
        audit.forEach(e -> {
            if (e.get("targetId").asString().equals(id)) {
                entry.add(e);
            }
        });
        assertThat(entry).hasSize(1);
        assertThat(entry.getFirst().toString()).doesNotContain(created.get("secret").asString());
    }

    @Test
    void documentsTheWebhookApiInOpenApi() {
        var doc = client.getJson("/v3/api-docs");
        assertThat(doc.get("paths").has("/api/v1/webhooks")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/webhooks/{id}/deliveries")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/webhooks/{id}/test")).isTrue();
        assertThat(doc.get("components").get("schemas").get("WebhookSpec").get("properties").has("events")).isTrue();
    }

    private void assertFieldError(Map<String, Object> body, String... fields) {
        var response = client.send("POST", "/api/v1/webhooks", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        var named = new ArrayList<String>();
        PlatteClient.json(response).get("errors").forEach(e -> named.add(e.get("field").asString().replaceAll("\\[.*", "")));
        assertThat(named).as(response.body()).contains(fields);
    }

    @Test
    void rollingAChannelBackDeliversASignedRollbackStartedEvent() {
        var release = fixture.release("3815.2.0");
        var older = fixture.pkg(release.appId(), "3760.2.0");
        var hook = webhook(spec("rollback", List.of("rollback.started"), release.appId(), null, "cloudevents"));

        client.ok("POST", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/rollback",
                Map.of("packageId", older, "reason", "kubelet fails on 3815.2.0"));

        await(dispatcher::dispatchDue, () -> receiver.received().size() == 1);
        var got = receiver.received().getFirst();
        assertThat(got.signatureValid()).isTrue();
        assertThat(got.header("X-Platte-Event")).isEqualTo("rollback.started");
        var data = got.json().get("data");
        assertThat(data.get("channelId").asString()).isEqualTo(release.channelId());
        assertThat(data.get("fromVersion").asString()).isEqualTo("3815.2.0");
        assertThat(data.get("toVersion").asString()).isEqualTo("3760.2.0");
        assertThat(data.get("toPackageId").asString()).isEqualTo(older);
        assertThat(data.get("reason").asString()).isEqualTo("kubelet fails on 3815.2.0");
        assertThat(data.get("revoked").asBoolean()).isFalse();
        assertThat(data.get("rolledBackBy").asString()).isEqualTo("admin");
        assertThat(eventTypes(hook)).containsExactly("rollback.started");
    }

    private Map<String, Object> spec(String name, List<String> events, String appId, String groupId, String format) {
        var body = new HashMap<String, Object>();
        body.put("name", name.isEmpty() ? name : ApiFixture.unique(name));
        body.put("url", receiver.url());
        body.put("secret", SECRET);
        body.put("events", events);
        body.put("applicationId", appId);
        body.put("groupId", groupId);
        body.put("format", format);
        return body;
    }

    private static Map<String, Object> withField(Map<String, Object> body, String field, Object value) {
        body.put(field, value);
        return body;
    }

    private String webhook(Map<String, Object> body) {
        var id = client.ok("POST", "/api/v1/webhooks", body).get("webhook").get("id").asString();
        webhooks.add(id);
        return id;
    }

    private List<JsonNode> deliveries(String webhookId) {
        var list = new ArrayList<JsonNode>();
        client.getJson("/api/v1/webhooks/" + webhookId + "/deliveries").forEach(list::add);
        return list;
    }

    private List<String> eventTypes(String webhookId) {
        return deliveries(webhookId).stream().map(d -> d.get("eventType").asString()).toList();
    }

    private static String groupPath(ApiFixture.Release release) {
        return "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId();
    }
}
