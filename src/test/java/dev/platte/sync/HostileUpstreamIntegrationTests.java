package dev.platte.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.platte.PlatteApplication;
import dev.platte.catalog.ApplicationService;
import dev.platte.catalog.PackageService;
import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.PlatteClient;
import dev.platte.support.Requests;
import dev.platte.support.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * An edge Platte follows an upstream that attacks it: an answer that never ends, a payload longer than it
 * declared, redirects and payload URLs that lead to another private host, bodies that try to get themselves
 * shown. The upstream is a server in the test on 127.0.0.1, configured as {@code localhost} (so trusted as
 * configured); {@code 127.0.0.1} then stands for any other private host. The edge shares the tests'
 * database and is started once for the class; its limits are short, so each attack ends in seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileUpstreamIntegrationTests {

    private static final String PAYLOAD = "flatcar_production_update.gz";
    private static final String UPSTREAM = "hostile-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path temp;

    private HttpServer hostile;
    private volatile HttpHandler behaviour;
    private final AtomicLong sent = new AtomicLong();
    private HttpServer elsewhere;
    private final AtomicInteger elsewhereHits = new AtomicInteger();
    private ConfigurableApplicationContext edge;
    private PlatteClient api;
    private String edgeUrl;
    private final String appId = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws IOException {
        hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hostile.createContext("/", exchange -> behaviour.handle(exchange));
        // Attacks never return on their own: each request gets its own thread.
        hostile.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        hostile.start();
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            elsewhereHits.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        elsewhere.start();

        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        edgeUrl = "http://localhost:" + port;
        var db = TestDatabase.connection();
        edge = new SpringApplicationBuilder(PlatteApplication.class).run(
                "--server.port=" + port,
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                // As the shared test context, so that this second replica changes nothing the other tests see.
                "--platte.admin.username=" + IntegrationTest.ADMIN,
                "--platte.admin.password=" + IntegrationTest.PASSWORD,
                "--platte.seed.flatcar=false",
                "--platte.rollout.timeout-check-interval=1h",
                "--platte.retention.enabled=false",
                "--platte.fleet.retire-interval=1h",
                "--platte.payloads.directory=" + temp.resolve("payloads"),
                "--platte.payloads.public-base-url=" + edgeUrl + "/payloads/",
                "--platte.payloads.sweep-first-after=1s",
                "--platte.payloads.sweep-interval=1s",
                "--platte.sync.enabled=true",
                "--platte.sync.first-after=1h",
                "--platte.sync.read-timeout=2s",
                "--platte.sync.answer-timeout=4s",
                "--platte.sync.download-timeout=4s",
                "--platte.sync.max-answer-size=64KB",
                "--platte.sync.upstreams[0].name=" + UPSTREAM,
                "--platte.sync.upstreams[0].url=http://localhost:" + hostile.getAddress().getPort() + "/v1/update/",
                "--platte.sync.upstreams[0].application=" + appId,
                "--platte.sync.upstreams[0].upstream-app-id=" + appId,
                "--platte.sync.upstreams[0].channels=stable",
                "--platte.sync.upstreams[0].arches=amd64",
                "--platte.sync.upstreams[0].mirror-payloads=true");
        api = new PlatteClient(port, IntegrationTest.ADMIN, IntegrationTest.PASSWORD);
        api.ok("POST", "/api/v1/apps", Requests.application(ApiFixture.unique("hostile")).id(appId));
    }

    @AfterAll
    void stop() {
        if (edge != null) {
            edge.close();
        }
        hostile.stop(0);
        elsewhere.stop(0);
    }

    @BeforeEach
    void reset() {
        sent.set(0);
        elsewhereHits.set(0);
    }

    @Test
    void recordsAnAnswerThatNeverEndsAsAFailureWithinSeconds() {
        behaviour = this::sendForever;

        var state = sync();

        assertThat(state.get("lastError").asString())
                .isEqualTo("the upstream sent an answer of more than 65536 bytes (platte.sync.max-answer-size)");
        assertThat(state.get("lastAttemptAt").isNull()).isFalse();
        // Cut off, not drained: the upstream got rid of little more than the limit and the socket buffers.
        assertThat(sent.get()).isLessThan(32L * 1024 * 1024);
        assertThat(api.getJson("/api/v1/activity?kind=sync_failed&app=" + appId).get("totalItems").asInt())
                .isPositive();
    }

    @Test
    void stopsAPayloadLongerThanDeclaredAtItsSizeAndKeepsNothingOfIt() throws Exception {
        var declared = new byte[1000];
        var before = storedFiles();
        behaviour = exchange -> {
            if (exchange.getRequestURI().getPath().startsWith("/files/")) {
                sendForever(exchange); // no Content-Length: only the declared size can stop it
            } else {
                answer(exchange, 200, updateAnswer("9.1.0", "http://localhost:" + port(hostile) + "/files/", declared));
            }
        };

        var state = sync();

        assertThat(state.get("lastError").asString()).isEqualTo(PAYLOAD + ": more than the expected 1000 bytes");
        assertThat(sent.get()).isLessThan(32L * 1024 * 1024);
        assertThat(api.getJson("/api/v1/apps/" + appId + "/packages")).noneMatch(
                pkg -> pkg.get("version").asString().equals("9.1.0"));
        assertThat(storedFiles()).as("neither the partial file nor a package directory stays")
                .isEqualTo(before);
    }

    @Test
    void refusesARedirectToAnotherPrivateHostAndNeverContactsIt() {
        behaviour = exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port(elsewhere) + "/v1/update/");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        };

        var state = sync();

        assertThat(state.get("lastError").asString())
                .startsWith("the upstream refused: 127.0.0.1 resolves to a loopback address (127.0.0.1)");
        assertThat(elsewhereHits).hasValue(0);
    }

    @Test
    void refusesAPayloadUrlOnAnotherPrivateHostAndNeverContactsIt() throws Exception {
        var before = storedFiles();
        behaviour = exchange -> answer(exchange, 200,
                updateAnswer("9.2.0", "http://127.0.0.1:" + port(elsewhere) + "/files/", new byte[10]));

        var state = sync();

        assertThat(state.get("lastError").asString()).startsWith(
                "download of " + PAYLOAD + " refused: 127.0.0.1 resolves to a loopback address (127.0.0.1)");
        assertThat(elsewhereHits).hasValue(0);
        assertThat(storedFiles()).isEqualTo(before);
    }

    @Test
    void showsNothingOfWhatTheUpstreamSent() {
        behaviour = exchange -> answer(exchange, 500, "<b>SECRET-BODY</b>\r\n2026-12-01 WARN forged line");
        var failed = sync();
        behaviour = exchange -> answer(exchange, 200, "<response protocol=\"3.0\">SECRET-XML\r\nforged</oops>");
        var malformed = sync();
        behaviour = exchange -> answer(exchange, 200, """
                <response protocol="3.0" server="x"><app appid="%s" status="SECRET-STATUS-%s"/></response>"""
                .formatted(appId, "x".repeat(5000)));
        var longStatus = sync();

        assertThat(failed.get("lastError").asString()).isEqualTo("the upstream answered HTTP 500");
        assertThat(malformed.get("lastError").asString()).startsWith("the upstream's answer is not an Omaha response")
                .doesNotContain("SECRET");
        assertThat(longStatus.get("lastError").asString())
                .isEqualTo("upstream answered app status (not an Omaha status)");
        var overview = api.get("/").body();
        assertThat(overview).doesNotContain("SECRET");
    }

    @Test
    void deletesTheFilesOfADeletedPackageAndServesThemNoMore() throws Exception {
        var pkg = uploadedPackage(appId, "7.1.0");
        var url = edgeUrl + "/payloads/" + pkg + "/" + PAYLOAD;
        assertThat(status(url)).isEqualTo(200);

        assertThat(api.send("DELETE", "/api/v1/apps/" + appId + "/packages/" + pkg, "").statusCode()).isEqualTo(204);

        assertThat(status(url)).isEqualTo(404);
        assertThat(temp.resolve("payloads").resolve(pkg)).doesNotExist();
    }

    @Test
    void keepsTheFilesOfAPackageWhoseDeletionRolledBack() throws Exception {
        var pkg = uploadedPackage(appId, "7.3.0");
        var transactions = new TransactionTemplate(edge.getBean(PlatformTransactionManager.class));

        transactions.executeWithoutResult(tx -> {
            edge.getBean(PackageService.class).deletePackage(edge.getBean(ApplicationService.class).application(appId),
                    UUID.fromString(pkg));
            tx.setRollbackOnly();
        });

        assertThat(api.get("/api/v1/apps/" + appId + "/packages/" + pkg).statusCode()).isEqualTo(200);
        assertThat(status(edgeUrl + "/payloads/" + pkg + "/" + PAYLOAD)).isEqualTo(200);
    }

    @Test
    void deletesTheFilesOfEveryPackageOfADeletedApplication() throws Exception {
        var otherApp = api.ok("POST", "/api/v1/apps", Requests.application(ApiFixture.unique("doomed"))).get("id").asString();
        var first = uploadedPackage(otherApp, "1.0.0");
        var second = uploadedPackage(otherApp, "2.0.0");

        assertThat(api.send("DELETE", "/api/v1/apps/" + otherApp, "").statusCode()).isEqualTo(204);

        assertThat(status(edgeUrl + "/payloads/" + first + "/" + PAYLOAD)).isEqualTo(404);
        assertThat(temp.resolve("payloads").resolve(first)).doesNotExist();
        assertThat(temp.resolve("payloads").resolve(second)).doesNotExist();
    }

    @Test
    void sweepsDirectoriesOfPackagesThatNoLongerExistAndStaleTemporaryFiles() throws Exception {
        var payloads = temp.resolve("payloads");
        var longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        var orphan = Files.createDirectories(payloads.resolve(UUID.randomUUID().toString()));
        Files.write(orphan.resolve(PAYLOAD), new byte[10]);
        Files.setLastModifiedTime(orphan, longAgo);
        var youngOrphan = Files.createDirectories(payloads.resolve(UUID.randomUUID().toString()));
        var kept = uploadedPackage(appId, "7.2.0");
        Files.setLastModifiedTime(payloads.resolve(kept), longAgo);
        var partials = Files.createDirectories(payloads.resolve(".partial"));
        var stale = Files.write(partials.resolve("upload-stale.part"), new byte[10]);
        Files.setLastModifiedTime(stale, longAgo);
        var fresh = Files.write(partials.resolve("upload-fresh.part"), new byte[10]);

        // The edge sweeps every second.
        waitFor(() -> !Files.exists(orphan) && !Files.exists(stale));

        assertThat(youngOrphan).exists();
        assertThat(fresh).exists();
        assertThat(payloads.resolve(kept).resolve(PAYLOAD)).exists();
        assertThat(status(edgeUrl + "/payloads/" + kept + "/" + PAYLOAD)).isEqualTo(200);
    }

    /** Syncs now and returns the state of the hostile upstream's channel. */
    private JsonNode sync() {
        var started = System.nanoTime();
        api.ok("POST", "/api/v1/sync/run", "");
        // Every attack is bounded by the edge's limits (4 s at most), whatever the upstream does.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        for (var state : api.getJson("/api/v1/sync")) {
            if (state.get("upstream").asString().equals(UPSTREAM)) {
                return state;
            }
        }
        throw new AssertionError("no sync state for " + UPSTREAM);
    }

    private void sendForever(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        var chunk = new byte[16 * 1024];
        try (var out = exchange.getResponseBody()) {
            while (true) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            // the edge cut the connection
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A syncer answer offering {@code version}, whose payload is declared as {@code payload}. */
    private String updateAnswer(String version, String codebase, byte[] payload) {
        try {
            var sha1 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(payload));
            var sha256 = MessageDigest.getInstance("SHA-256").digest(payload);
            return """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <response protocol="3.0" server="hostile">
                      <app appid="{%s}" status="ok">
                        <updatecheck status="ok">
                          <urls><url codebase="%s"/></urls>
                          <manifest version="%s">
                            <packages><package name="%s" size="%d" hash="%s" hash_sha256="%s" required="true"/></packages>
                            <actions><action event="postinstall" sha256="%s"/></actions>
                          </manifest>
                        </updatecheck>
                      </app>
                    </response>""".formatted(appId, codebase, version, PAYLOAD, payload.length, sha1,
                    HexFormat.of().formatHex(sha256), Base64.getEncoder().encodeToString(sha256));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A package of {@code app} on the edge whose payload is uploaded there; returns its id. */
    private String uploadedPackage(String app, String version) throws Exception {
        var pkg = api.ok("POST", "/api/v1/apps/" + app + "/packages", Requests.pkg(version).extraFiles())
                .get("id").asString();
        var upload = http.send(HttpRequest.newBuilder(URI.create(edgeUrl + "/api/v1/apps/" + app + "/packages/" + pkg
                        + "/files/" + PAYLOAD))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (IntegrationTest.ADMIN + ":" + IntegrationTest.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/octet-stream")
                .header("X-Requested-By", "test")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[2000])).build(), BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        return pkg;
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.discarding()).statusCode();
    }

    /** Every file and directory in the edge's payload store (other tests leave theirs). */
    private Set<Path> storedFiles() throws IOException {
        var payloads = Files.createDirectories(temp.resolve("payloads"));
        try (var files = Files.walk(payloads)) {
            return files.collect(Collectors.toSet());
        }
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        var until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("within 15 s").isTrue();
    }
}
