package dev.platte.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.gate.GateEvaluator;
import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.Replicas;
import dev.platte.support.ServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two real replicas on one database evaluate the same breaching gate and dispatch the same outbox at the
 * same time, each from its own schedule (short intervals on the second replica) and from test threads
 * calling both replicas' evaluators and dispatchers in a loop: the group pauses once, and every event
 * reaches every webhook exactly once.
 */
class ProgressiveDeliveryReplicaTests extends ServerTest {

    private static final String SECRET = "a-replica-secret-of-enough-length";
    private static final int PAUSE_RESUME_ROUNDS = 10;
    private static ConfigurableApplicationContext replica;

    @Autowired
    GateEvaluator gates;

    @Autowired
    WebhookDispatcher dispatcher;

    @Autowired
    JdbcTemplate jdbc;

    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private final List<String> webhooks = new ArrayList<>();
    private PrometheusStandIn prometheus;

    @BeforeAll
    static void startReplica() {
        replica = Replicas.start(
                "--platte.notifications.allow-private-addresses=true",
                "--platte.notifications.poll-interval=100ms",
                "--platte.prometheus.evaluation-check-interval=100ms");
    }

    @AfterAll
    static void stopReplica() {
        replica.close();
    }

    @BeforeEach
    void startPrometheus() {
        prometheus = new PrometheusStandIn("1");
    }

    @AfterEach
    void stop() {
        webhooks.forEach(id -> client.send("DELETE", "/api/v1/webhooks/" + id, ""));
        receivers.forEach(WebhookReceiver::close);
        prometheus.close();
    }

    @Test
    void twoReplicasPauseABreachedGroupOnceAndDeliverEachEventOncePerWebhook() throws Exception {
        // A rollout in progress in group Stable, which a gate watches; a second group to pause and resume.
        var release = fixture.release("2.0.0");
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        assertThat(client.check(node.check("1.0.0", "")).value("/response/app/updatecheck/@status")).isEqualTo("ok");
        var other = fixture.group(release.appId(), "Other", ApiFixture.unique("other"), release.channelId());
        for (var i = 0; i < 2; i++) {
            var receiver = new WebhookReceiver();
            receiver.expectSecret(SECRET);
            receiver.slowDown(Duration.ofMillis(10));
            receivers.add(receiver);
            webhooks.add(client.ok("POST", "/api/v1/webhooks", new HashMap<>(Map.of(
                    "name", ApiFixture.unique("replicas"), "url", receiver.url(), "secret", SECRET,
                    "applicationId", release.appId(), "format", "cloudevents",
                    "events", List.of("gate.breached", "group.paused", "group.resumed"))))
                    .get("webhook").get("id").asString());
        }
        client.ok("POST", groupPath(release.appId(), release.groupId()) + "/gates", new HashMap<>(Map.of(
                "name", "racing", "query", "kubelet_failed{track=\"{{track}}\"}", "threshold", 0.5,
                "consecutiveEvaluations", 2, "interval", "PT1S",
                "prometheusUrl", prometheus.url())));

        var replicaGates = replica.getBean(GateEvaluator.class);
        var replicaDispatcher = replica.getBean(WebhookDispatcher.class);
        var work = Map.of("this gates", new Counted(gates::evaluateDue),
                "replica gates", new Counted(replicaGates::evaluateDue),
                "this sends", new Counted(dispatcher::dispatchDue),
                "replica sends", new Counted(replicaDispatcher::dispatchDue));
        var done = new AtomicBoolean();
        var start = new CountDownLatch(1);
        var expected = 2 * PAUSE_RESUME_ROUNDS + 2;
        try (var threads = Executors.newFixedThreadPool(5)) {
            var runs = new ArrayList<Future<?>>();
            for (var step : List.of(work.get("this gates"), work.get("replica gates"), work.get("this sends"),
                    work.get("replica sends"))) {
                runs.add(threads.submit(() -> {
                    start.await();
                    while (!done.get()) {
                        step.run();
                        Thread.sleep(20);
                    }
                    return null;
                }));
            }
            // Events keep coming while both replicas dispatch.
            var producer = threads.submit(() -> {
                start.await();
                for (var i = 0; i < PAUSE_RESUME_ROUNDS; i++) {
                    client.ok("POST", groupPath(release.appId(), other) + "/pause", Map.of("reason", "round " + i));
                    client.ok("POST", groupPath(release.appId(), other) + "/resume", Map.of("reason", "round " + i));
                }
                return null;
            });
            runs.add(producer);
            start.countDown();
            try {
                awaitRacing(runs, () -> producer.isDone() && isPaused(release.appId(), release.groupId())
                        && webhooks.stream().allMatch(id -> allDelivered(id, expected)));
                // Both keep evaluating the still-breaching gate and polling the outbox for a while longer.
                Thread.sleep(1500);
            } finally {
                done.set(true);
            }
            for (var run : runs) {
                run.get();
            }
        }

        // The race was real: each replica's dispatcher sent some of the deliveries (who evaluated the gate
        // varies from run to run: it is due once a second).
        assertThat(work.get("this sends").done().get()).isPositive();
        assertThat(work.get("replica sends").done().get()).isPositive();
        var group = client.getJson(groupPath(release.appId(), release.groupId()));
        assertThat(group.get("paused").get("by").asString()).isEqualTo("gate:racing");
        assertThat(activities(release.groupId(), "gate_breached")).isEqualTo(1);
        assertThat(activities(release.groupId(), "group_paused")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE actor = 'gate:racing'"
                + " AND action = 'group.pause' AND target_id = ?", Integer.class, release.groupId())).isEqualTo(1);

        Set<String> eventsOfFirst = null;
        for (var i = 0; i < 2; i++) {
            var received = receivers.get(i).received();
            var deliveryIds = received.stream().map(r -> r.header("X-Platte-Delivery")).toList();
            assertThat(deliveryIds).as("webhook %d: no delivery twice", i).doesNotHaveDuplicates();
            var logged = deliveries(webhooks.get(i));
            assertThat(Set.copyOf(deliveryIds)).as("webhook %d: none missing", i)
                    .isEqualTo(logged.stream().map(d -> d.get("id").asString()).collect(Collectors.toSet()));
            assertThat(logged).hasSize(expected).allSatisfy(d -> assertThat(d.get("attempts").asInt()).isEqualTo(1));
            assertThat(received).allMatch(WebhookReceiver.Received::signatureValid);
            var events = received.stream().map(r -> r.header("X-Platte-Event-Id")).collect(Collectors.toSet());
            assertThat(events).hasSize(expected);
            assertThat(received.stream().filter(r -> "gate.breached".equals(r.header("X-Platte-Event"))).count())
                    .isEqualTo(1);
            if (eventsOfFirst == null) {
                eventsOfFirst = events;
            } else {
                assertThat(events).as("both webhooks got the same events").isEqualTo(eventsOfFirst);
            }
        }
    }

    /** A replica's step, counting what it did (gates evaluated, deliveries sent). */
    private record Counted(IntSupplier step, AtomicInteger done) {

        Counted(IntSupplier step) {
            this(step, new AtomicInteger());
        }

        void run() {
            done.addAndGet(step.getAsInt());
        }
    }

    /** Waits (at most 40 s) until {@code condition} holds, failing at once if a racing thread failed. */
    private static void awaitRacing(List<Future<?>> runs, BooleanSupplier condition)
            throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!condition.getAsBoolean()) {
            for (var run : runs) {
                if (run.isDone()) {
                    run.get();
                }
            }
            assertThat(System.nanoTime()).as("the replicas finished within 40 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private boolean allDelivered(String webhookId, int expected) {
        var logged = deliveries(webhookId);
        return logged.size() == expected
                && logged.stream().allMatch(d -> "delivered".equals(d.get("status").asString()));
    }

    private boolean isPaused(String app, String groupId) {
        var paused = client.getJson(groupPath(app, groupId)).path("paused");
        return !paused.isMissingNode() && !paused.isNull();
    }

    private int activities(String groupId, String kind) {
        return client.getJson("/api/v1/activity?group=" + groupId + "&kind=" + kind).get("totalItems").asInt();
    }

    private List<JsonNode> deliveries(String webhookId) {
        var list = new ArrayList<JsonNode>();
        client.getJson("/api/v1/webhooks/" + webhookId + "/deliveries").forEach(list::add);
        return list;
    }

    private static String groupPath(String app, String groupId) {
        return "/api/v1/apps/" + app + "/groups/" + groupId;
    }
}
