package dev.platte.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.PlatteApplication;
import dev.platte.support.PageSignIn;
import dev.platte.support.ActuatorPaths;
import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL stops while several nodes check and report, and comes back on the same port with the
 * same data. Platte runs throughout, against a PostgreSQL of its own that this test can stop.
 */
class DatabaseOutageIntegrationTests {

    private static final int NODES = 8;
    private static final String PASSWORD = "outage-test-password";
    private static final String RETRY_AFTER = "7";
    private static final Duration QUICK = Duration.ofSeconds(2);

    /** One request a node sent: {@code marker} is set for events, {@code status} is -1 when HTTP itself failed. */
    record Exchange(int node, String marker, long started, long finished, int status, String retryAfter,
            String body) {

        Duration took() {
            return Duration.ofNanos(finished - started);
        }

        boolean acknowledgedEvent() {
            return marker != null && status == 200 && body.contains("<event status=\"ok\">");
        }
    }

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean loadRunning = new AtomicBoolean(true);
    private EmbeddedPostgres postgres;
    private int postgresPort;

    @AfterEach
    void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversByItselfWithoutLosingAnAcknowledgedEvent() throws Exception {
        postgresPort = freePort();
        startPostgres();
        try (var platte = startPlatte()) {
            var port = platte.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            var admin = new PlatteClient(port, "admin", PASSWORD);
            var release = new ApiFixture(admin).release("2.0.0");
            var token = admin.ok("POST", "/api/v1/tokens", Map.of("name", ApiFixture.unique("outage"), "role", "admin"))
                    .get("secret").asString();
            var session = signIn(port);
            var machines = new ArrayList<String>();
            try (var load = Executors.newVirtualThreadPerTaskExecutor(); var stop = stopsLoad()) {
                for (int node = 0; node < NODES; node++) {
                    machines.add(ApiFixture.machineId());
                    startNode(load, node, port, OmahaRequests.flatcarNode(release.appId(), machines.get(node),
                            release.track()));
                }
                awaitThat("every node has an event acknowledged", Duration.ofSeconds(20),
                        () -> nodesAcknowledgedSince(Long.MIN_VALUE) == NODES);

                postgres.close();
                postgres = null;
                var stopped = System.nanoTime();
                awaitThat("nodes are answered 503", Duration.ofSeconds(5),
                        () -> exchanges.stream().filter(e -> e.started() > stopped && e.status() == 503).count() >= NODES);
                assertOutageShown(port, admin, token, session);

                var restarting = System.nanoTime();
                startPostgres();
                var restarted = System.nanoTime();
                awaitThat("update checks are answered 200 again", Duration.ofSeconds(10),
                        () -> exchanges.stream().anyMatch(e -> e.started() > restarted && e.status() == 200));
                assertThat(admin.getAnonymously(ActuatorPaths.READINESS).statusCode()).isEqualTo(200);
                assertThat(admin.get("/api/v1/apps/" + release.appId()).statusCode()).isEqualTo(200);
                assertThat(http.send(page(port, "/", session), BodyHandlers.ofString()).statusCode())
                        .as("the session survived").isEqualTo(200);
                awaitThat("every node has an event acknowledged after the outage", Duration.ofSeconds(10),
                        () -> nodesAcknowledgedSince(restarted) == NODES);

                assertThat(exchanges.stream().filter(e -> e.started() > stopped && e.finished() < restarting))
                        .allSatisfy(e -> assertThat(e.status()).as("answer during the outage").isEqualTo(503));
            }

            assertThat(exchanges).allSatisfy(e -> {
                assertThat(e.status()).as("never a 500, never a broken connection").isIn(200, 503);
                if (e.status() == 503) {
                    assertThat(e.retryAfter()).isEqualTo(RETRY_AFTER);
                    assertThat(e.took()).as("time to answer 503").isLessThan(QUICK);
                }
            });
            assertNoAcknowledgedEventLost(release.appId(), machines);
        }
    }

    /** Probes, the API and pages while the database is down; the last ones each wait for the pool, so at once. */
    private void assertOutageShown(int port, PlatteClient admin, String token, String session) throws Exception {
        var readiness = admin.getAnonymously(ActuatorPaths.READINESS);
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("DOWN");
        var liveness = admin.getAnonymously(ActuatorPaths.LIVENESS);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("UP");

        var password = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        var withPassword = http.sendAsync(api(port, password), BodyHandlers.ofString());
        var withToken = http.sendAsync(api(port, "Bearer " + token), BodyHandlers.ofString());
        var signedIn = http.sendAsync(page(port, "/", session), BodyHandlers.ofString());
        var anonymous = http.sendAsync(page(port, "/", null), BodyHandlers.ofString());
        var signInForm = http.sendAsync(page(port, "/login", null), BodyHandlers.ofString());
        assertUnavailableProblem(withPassword.get());
        assertUnavailableProblem(withToken.get());
        assertUnavailablePage(signedIn.get());
        assertUnavailablePage(anonymous.get());
        assertUnavailablePage(signInForm.get());
    }

    /** Every event answered {@code ok} is stored; any other stored one was answered 503 (committed, then the reply failed). */
    private void assertNoAcknowledgedEventLost(String appId, List<String> machines) throws Exception {
        var stored = new HashMap<String, Set<String>>();
        try (var connection = DriverManager.getConnection(jdbcUrl(), "postgres", "");
                var statement = connection.prepareStatement(
                        "select machine_id, previous_version from instance_event where application_id = ?::uuid")) {
            statement.setString(1, appId);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    stored.computeIfAbsent(rows.getString(1), m -> new HashSet<>()).add(rows.getString(2));
                }
            }
        }
        for (int node = 0; node < NODES; node++) {
            var acknowledged = new HashSet<String>();
            var unanswered = new HashSet<String>();
            for (var e : exchanges) {
                if (e.node() == node && e.marker() != null) {
                    (e.acknowledgedEvent() ? acknowledged : unanswered).add(e.marker());
                }
            }
            var storedHere = stored.getOrDefault(machines.get(node), Set.of());
            assertThat(storedHere).as("node %d's acknowledged events", node).containsAll(acknowledged);
            var storedButUnanswered = new HashSet<>(storedHere);
            storedButUnanswered.removeAll(acknowledged);
            assertThat(unanswered).as("node %d's stored events that were not acknowledged", node)
                    .containsAll(storedButUnanswered);
        }
    }

    /** Closed before the executor (resources close in reverse), so that its close does not wait forever. */
    private AutoCloseable stopsLoad() {
        return () -> loadRunning.set(false);
    }

    /** A node: an update check, then an event with a unique marker, again and again until told to stop. */
    private void startNode(ExecutorService load, int node, int port, OmahaRequests requests) {
        load.submit(() -> {
            for (int n = 0; loadRunning.get(); n++) {
                send(node, null, port, requests.check("1.0.0", ""));
                var marker = "event-" + node + "-" + n;
                send(node, marker, port, requests.event("1.0.0", 13, 1, marker));
                Thread.sleep(20);
            }
            return null;
        });
    }

    private void send(int node, String marker, int port, String xml) {
        var request = HttpRequest.newBuilder(URI.create(url(port, "/v1/update/")))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(xml))
                .build();
        var started = System.nanoTime();
        try {
            var response = http.send(request, BodyHandlers.ofString());
            exchanges.add(new Exchange(node, marker, started, System.nanoTime(), response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null), response.body()));
        } catch (IOException e) {
            exchanges.add(new Exchange(node, marker, started, System.nanoTime(), -1, null, e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long nodesAcknowledgedSince(long since) {
        return exchanges.stream().filter(e -> e.started() > since && e.acknowledgedEvent()).map(Exchange::node)
                .distinct().count();
    }

    private static void assertUnavailableProblem(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue(RETRY_AFTER);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(PlatteClient.json(response).get("title").asString()).isEqualTo("Database unavailable");
    }

    private static void assertUnavailablePage(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue(RETRY_AFTER);
        assertThat(response.body()).contains("Database unreachable", "The database is unreachable; Platte retries by itself")
                .doesNotContain("Exception");
    }

    /** Signs in through the login form; returns the session cookie (kept in PostgreSQL). */
    private String signIn(int port) {
        return PageSignIn.session(http, url(port, ""), "admin", PASSWORD);
    }

    private static HttpRequest page(int port, String path, String cookie) {
        var builder = HttpRequest.newBuilder(URI.create(url(port, path))).header("Accept", "text/html");
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        return builder.GET().build();
    }

    private static HttpRequest api(int port, String authorization) {
        return HttpRequest.newBuilder(URI.create(url(port, "/api/v1/apps"))).header("Authorization", authorization).build();
    }

    private static void awaitThat(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        var deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until %s", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setPort(postgresPort)
                .setDataDirectory(directory.resolve("postgres"))
                .setCleanDataDirectory(false)
                .start();
    }

    private ConfigurableApplicationContext startPlatte() {
        return new SpringApplicationBuilder(PlatteApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--platte.admin.password=" + PASSWORD,
                "--platte.seed.flatcar=false",
                "--platte.rollout.timeout-check-interval=1h",
                "--platte.database.retry-after=" + RETRY_AFTER + "s");
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort + "/postgres";
    }

    private static String url(int port, String path) {
        return "http://localhost:" + port + path;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
