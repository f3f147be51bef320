package dev.platte.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.platte.PlatteApplication;
import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.PrometheusText;
import dev.platte.support.Requests;
import dev.platte.support.ServerTest;
import dev.platte.support.Xml;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The test server is the central Platte; an edge Platte (its own embedded PostgreSQL) syncs from it as
 * a syncer client, mirrors and verifies the payloads it learns about, and serves them to its nodes.
 * Payload files come from a small release server in the test.
 */
class SyncIntegrationTests extends ServerTest {

    private static final String EDGE_PASSWORD = "edge-admin-password";
    private static final Map<String, String> CENTRAL_STABLE = Map.of("upstream", "central", "channel", "stable",
            "arch", "amd64");

    @TempDir
    Path temp;

    private HttpServer releases;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<ConfigurableApplicationContext> edges = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private String appId;
    private String channelId;

    @BeforeEach
    void releaseServer() throws IOException {
        releases = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        releases.createContext("/", exchange -> {
            var body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        releases.start();
        appId = fixture.application(ApiFixture.unique("synced"));
        channelId = fixture.channel(appId, "stable", null);
        fixture.group(appId, "Stable", "stable", channelId);
    }

    @AfterEach
    void stop() {
        edges.forEach(ConfigurableApplicationContext::close);
        releases.stop(0);
    }

    /** Publishes a release on the central server, its files on the release server; returns the package id. */
    private String publish(String version, byte[] payload, byte[] extra, boolean corrupt) throws Exception {
        var base = "/" + version + "/";
        files.put(base + "flatcar_production_update.gz", payload);
        files.put(base + "oem-azure.gz", extra);
        var sha1 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(payload));
        if (corrupt) {
            sha1 = Base64.getEncoder().encodeToString(new byte[20]);
        }
        var body = Map.<String, Object>of("version", version, "arch", "amd64", "type", "flatcar",
                // The upstream's own host (localhost): a private address the syncer may follow without further trust.
                "codebaseUrl", "http://localhost:" + releases.getAddress().getPort() + base,
                "fileName", "flatcar_production_update.gz", "size", payload.length, "sha1", sha1,
                "sha256", Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(payload)),
                "extraFiles", List.of(Map.of("name", "oem-azure.gz", "size", extra.length,
                        "sha1", Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(extra)),
                        "sha256Hex", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(extra)))));
        return client.ok("POST", "/api/v1/apps/" + appId + "/packages", body).get("id").asString();
    }

    private void promote(String packageId) {
        client.ok("PUT", "/api/v1/apps/" + appId + "/channels/" + channelId + "/package", Map.of("packageId", packageId));
    }

    @Test
    void mirrorsARelease_promotesOnce_andServesItsNodesFromTheEdge() throws Exception {
        var payload = bytes(300_000, 1);
        promote(publish("2.0.0", payload, bytes(5_000, 2), false));
        var edge = startEdge(temp.resolve("edge"), null);
        var edgeApi = edge.client();
        edgeApi.ok("POST", "/api/v1/apps", Requests.application("Synced OS").id(appId));

        var first = edgeApi.ok("POST", "/api/v1/sync/run", "");

        assertThat(first.get("results").get(0).asString()).contains("1 channel(s) changed");
        var packages = edgeApi.getJson("/api/v1/apps/" + appId + "/packages");
        assertThat(packages).hasSize(1);
        var pkg = packages.get(0);
        assertThat(pkg.get("version").asString()).isEqualTo("2.0.0");
        assertThat(pkg.get("codebaseUrl").asString()).isEqualTo(edge.url() + "/payloads/" + pkg.get("id").asString() + "/");
        assertThat(pkg.get("extraFiles").get(0).get("name").asString()).isEqualTo("oem-azure.gz");
        var state = edgeApi.getJson("/api/v1/sync").get(0);
        assertThat(state.get("lastError").isNull()).isTrue();
        assertThat(state.get("lastChange").asString()).contains("added 2.0.0").contains("promoted to 2.0.0");
        edge.context().getBean(SyncMetrics.class).refresh();
        var metrics = edgeApi.get("/actuator/prometheus").body();
        assertThat(PrometheusText.value(metrics, "platte_sync_healthy", CENTRAL_STABLE)).hasValue(1.0);
        assertThat(PrometheusText.value(metrics, "platte_sync_last_success_timestamp_seconds", CENTRAL_STABLE))
                .hasValueCloseTo(Instant.parse(state.get("lastSuccessAt").asString()).toEpochMilli() / 1000.0,
                        within(0.001));

        var second = edgeApi.ok("POST", "/api/v1/sync/run", "");
        assertThat(second.get("results").get(0).asString()).contains("0 channel(s) changed");
        assertThat(edgeApi.getJson("/api/v1/apps/" + appId + "/packages")).hasSize(1);
        assertThat(edgeApi.getJson("/api/v1/activity?kind=channel_promoted&app=" + appId).get("totalItems").asInt())
                .isEqualTo(1);

        // A node of the edge is sent to the edge for its payload, which is byte for byte the release.
        var edgeChannel = edgeApi.getJson("/api/v1/apps/" + appId + "/channels").get(0).get("id").asString();
        edgeApi.ok("POST", "/api/v1/apps/" + appId + "/groups", Requests.group("Stable").track("stable").channel(edgeChannel));
        // An Azure node: the release ships oem-azure.gz only, and a node of another OEM would be held for it.
        Xml answer = edgeApi.check(OmahaRequests.flatcarNode(appId, ApiFixture.machineId(), "stable").check("1.0.0", "")
                .replace("oem=\"ami\"", "oem=\"azure\""));
        var codebase = answer.value("/response/app/updatecheck/urls/url/@codebase");
        assertThat(codebase).startsWith(edge.url() + "/payloads/");
        var url = codebase + answer.value("/response/app/updatecheck/manifest/packages/package[1]/@name");
        var download = http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(payload);

        var range = http.send(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=1000-1999").build(),
                BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(payload, 1000, 2000));
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + payload.length);

        var head = http.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(payload.length);
        var etag = head.headers().firstValue("ETag").orElseThrow();
        var notModified = http.send(HttpRequest.newBuilder(URI.create(url)).header("If-None-Match", etag).build(),
                BodyHandlers.discarding());
        assertThat(notModified.statusCode()).isEqualTo(304);
    }

    @Test
    void leavesAChannelTheAdminRolledBackWhereItIsUntilTheAdminRollsItForward() throws Exception {
        promote(publish("5.0.0", bytes(20_000, 21), bytes(500, 22), false));
        var edge = startEdge(temp.resolve("edge"), null);
        var api = edge.client();
        api.ok("POST", "/api/v1/apps", Requests.application("Synced OS").id(appId));
        api.ok("POST", "/api/v1/sync/run", "");
        promote(publish("6.0.0", bytes(21_000, 23), bytes(600, 24), false));
        api.ok("POST", "/api/v1/sync/run", "");
        var channel = api.getJson("/api/v1/apps/" + appId + "/channels").get(0);
        var channelPath = "/api/v1/apps/" + appId + "/channels/" + channel.get("id").asString();
        var older = api.getJson("/api/v1/apps/" + appId + "/packages").valueStream()
                .filter(p -> p.get("version").asString().equals("5.0.0")).findFirst().orElseThrow().get("id").asString();

        api.ok("POST", channelPath + "/rollback", Map.of("packageId", older, "reason", "6.0.0 breaks our workloads"));
        var again = api.ok("POST", "/api/v1/sync/run", "");

        assertThat(again.get("results").get(0).asString()).contains("0 channel(s) changed");
        assertThat(api.getJson(channelPath).get("packageId").asString()).isEqualTo(older);
        assertThat(api.getJson(channelPath).get("rollback").get("fromVersion").asString()).isEqualTo("6.0.0");
    }

    @Test
    void rejectsACorruptedPayloadAndNeverServesIt() throws Exception {
        promote(publish("3.0.0", bytes(50_000, 3), bytes(1_000, 4), true));
        var edge = startEdge(temp.resolve("edge"), null);
        edge.client().ok("POST", "/api/v1/apps", Requests.application("Synced OS").id(appId));

        edge.client().ok("POST", "/api/v1/sync/run", "");

        var state = edge.client().getJson("/api/v1/sync").get(0);
        assertThat(state.get("lastError").asString()).contains("SHA-1 does not match");
        assertThat(state.get("lastSuccessAt").isNull()).isTrue();
        assertThat(edge.client().getJson("/api/v1/apps/" + appId + "/packages")).isEmpty();
        try (var stored = Files.walk(temp.resolve("edge").resolve("payloads"))) {
            assertThat(stored.filter(Files::isRegularFile).toList()).isEmpty();
        }
        assertThat(edge.client().getJson("/api/v1/activity?kind=sync_failed").get("totalItems").asInt()).isEqualTo(1);
        var overview = edge.client().get("/");
        assertThat(overview.body()).contains("Sync from upstream").contains("failing: ").contains("SHA-1 does not match");
        edge.context().getBean(SyncMetrics.class).refresh();
        var metrics = edge.client().get("/actuator/prometheus").body();
        assertThat(metrics).contains("platte_sync_failures_total");
        assertThat(PrometheusText.value(metrics, "platte_sync_healthy", CENTRAL_STABLE)).hasValue(0.0);
        assertThat(PrometheusText.value(metrics, "platte_sync_last_success_timestamp_seconds", CENTRAL_STABLE))
                .isEmpty();
    }

    @Test
    void importsOneOlderReleaseByVersionForAFleetThatMustStayBack() throws Exception {
        var older = bytes(40_000, 12);
        publish("8.0.0", older, bytes(700, 13), false);
        promote(publish("9.0.0", bytes(45_000, 14), bytes(800, 15), false));
        var edge = startEdge(temp.resolve("edge"), null);
        var api = edge.client();
        api.ok("POST", "/api/v1/apps", Requests.application("Synced OS").id(appId));
        api.ok("POST", "/api/v1/apps/" + appId + "/channels", Requests.channel("pinned"));

        var imported = api.ok("POST", "/api/v1/sync/import", Map.of("upstream", "central", "channel", "stable",
                "localChannel", "pinned", "arch", "amd64", "version", "8.0.0", "promote", true));

        assertThat(imported.get("result").asString()).contains("added 8.0.0").contains("promoted to 8.0.0");
        var packages = api.getJson("/api/v1/apps/" + appId + "/packages");
        assertThat(packages).hasSize(1);
        var pkg = packages.get(0);
        assertThat(pkg.get("version").asString()).isEqualTo("8.0.0");
        var served = http.send(HttpRequest.newBuilder(URI.create(pkg.get("codebaseUrl").asString()
                + "flatcar_production_update.gz")).build(), BodyHandlers.ofByteArray());
        assertThat(served.body()).isEqualTo(older);
        var pinned = api.getJson("/api/v1/apps/" + appId + "/channels").get(0);
        assertThat(pinned.get("name").asString()).isEqualTo("pinned");
        assertThat(pinned.get("packageId").asString()).isEqualTo(pkg.get("id").asString());
        var missing = api.send("POST", "/api/v1/sync/import", Map.of("upstream", "central", "channel", "stable",
                "arch", "amd64", "version", "1.2.3", "promote", false));
        assertThat(missing.statusCode()).isEqualTo(409);
        assertThat(PlatteClient.json(missing).get("detail").asString()).contains("no release 1.2.3");
    }

    @Test
    void hostsAnUploadedPayloadWithTheDigestsItComputes() throws Exception {
        var edge = startEdge(temp.resolve("edge"), null);
        var api = edge.client();
        api.ok("POST", "/api/v1/apps", Requests.application("Own OS").id(appId));
        var pkg = api.ok("POST", "/api/v1/apps/" + appId + "/packages", Requests.pkg("7.0.0").extraFiles())
                .get("id").asString();
        var payload = bytes(70_000, 11);

        var response = http.send(HttpRequest.newBuilder(URI.create(edge.url() + "/api/v1/apps/" + appId + "/packages/"
                        + pkg + "/files/flatcar_production_update.gz"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + EDGE_PASSWORD).getBytes()))
                .header("Content-Type", "application/octet-stream")
                .header("X-Requested-By", "test")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var updated = PlatteClient.json(response);
        assertThat(updated.get("size").asLong()).isEqualTo(payload.length);
        assertThat(updated.get("sha1").asString()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(payload)));
        assertThat(updated.get("sha256").asString()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(payload)));
        assertThat(updated.get("codebaseUrl").asString()).isEqualTo(edge.url() + "/payloads/" + pkg + "/");
        var served = http.send(HttpRequest.newBuilder(URI.create(edge.url() + "/payloads/" + pkg
                + "/flatcar_production_update.gz")).build(), BodyHandlers.ofByteArray());
        assertThat(served.body()).isEqualTo(payload);
        var wrongName = http.send(HttpRequest.newBuilder(URI.create(edge.url() + "/api/v1/apps/" + appId + "/packages/"
                        + pkg + "/files/other.gz"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + EDGE_PASSWORD).getBytes()))
                .header("X-Requested-By", "test")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), BodyHandlers.ofString());
        assertThat(wrongName.statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(edge.url() + "/payloads/" + pkg + "/other.gz")).build(),
                BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }

    @Test
    void createsEachPackageOnceWhenTwoReplicasSyncAtOnce() throws Exception {
        promote(publish("4.0.0", bytes(100_000, 5), bytes(2_000, 6), false));
        var first = startEdge(temp.resolve("edge"), null);
        first.client().ok("POST", "/api/v1/apps", Requests.application("Synced OS").id(appId));
        var second = startEdge(temp.resolve("edge-2"), first.jdbcUrl());

        try (var pool = Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> first.client().ok("POST", "/api/v1/sync/run", ""));
            var b = pool.submit(() -> second.client().ok("POST", "/api/v1/sync/run", ""));
            a.get();
            b.get();
        }

        assertThat(first.client().getJson("/api/v1/apps/" + appId + "/packages")).hasSize(1);
        assertThat(first.client().getJson("/api/v1/activity?kind=channel_promoted&app=" + appId).get("totalItems")
                .asInt()).isEqualTo(1);
    }

    @Test
    void learnsFloorsFromAMultiManifestAnswer() throws Exception {
        var floor = publish("5.0.0", bytes(20_000, 7), bytes(500, 8), false);
        var target = publish("6.0.0", bytes(30_000, 9), bytes(600, 10), false);
        promote(target);
        client.ok("POST", "/api/v1/apps/" + appId + "/channels/" + channelId + "/floors",
                Map.of("packageId", floor, "reason", "new partition layout"));
        var edge = startEdge(temp.resolve("edge"), null);
        edge.client().ok("POST", "/api/v1/apps", Requests.application("Synced OS").id(appId));

        edge.client().ok("POST", "/api/v1/sync/run", "");

        var state = edge.client().getJson("/api/v1/sync").get(0);
        assertThat(state.get("lastError").isNull()).as(state.toString()).isTrue();
        assertThat(edge.client().getJson("/api/v1/apps/" + appId + "/packages")).hasSize(2);
        var edgeChannel = edge.client().getJson("/api/v1/apps/" + appId + "/channels").get(0).get("id").asString();
        var floors = edge.client().getJson("/api/v1/apps/" + appId + "/channels/" + edgeChannel + "/floors");
        assertThat(floors).hasSize(1);
        assertThat(floors.get(0).get("version").asString()).isEqualTo("5.0.0");
        assertThat(floors.get(0).get("reason").asString()).isEqualTo("new partition layout");
    }

    private record Edge(ConfigurableApplicationContext context, int port) {
        String url() {
            return "http://localhost:" + port;
        }

        PlatteClient client() {
            return new PlatteClient(port, "admin", EDGE_PASSWORD);
        }

        String jdbcUrl() {
            return context.getEnvironment().getProperty("platte.test.jdbc-url",
                    context.getBean(javax.sql.DataSource.class) instanceof com.zaxxer.hikari.HikariDataSource h
                            ? h.getJdbcUrl() : null);
        }
    }

    /** An edge Platte with its own embedded PostgreSQL, or a second replica of one ({@code jdbcUrl}). */
    private Edge startEdge(Path directory, String jdbcUrl) throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--platte.admin.password=" + EDGE_PASSWORD,
                "--platte.seed.flatcar=false",
                "--platte.rollout.timeout-check-interval=1h",
                "--platte.payloads.directory=" + directory.resolve("payloads"),
                "--platte.payloads.public-base-url=http://localhost:" + port + "/payloads/",
                "--platte.sync.enabled=true",
                "--platte.sync.first-after=1h",
                "--platte.sync.upstreams[0].name=central",
                "--platte.sync.upstreams[0].url=http://localhost:" + this.port + "/v1/update/",
                "--platte.sync.upstreams[0].application=" + appId,
                "--platte.sync.upstreams[0].upstream-app-id=" + appId,
                "--platte.sync.upstreams[0].channels=stable",
                "--platte.sync.upstreams[0].arches=amd64",
                "--platte.sync.upstreams[0].mirror-payloads=true",
                "--platte.sync.upstreams[0].syncer-secret=" + IntegrationTest.SYNCER_SECRET));
        if (jdbcUrl == null) {
            args.add("--platte.embedded-postgres.data-directory=" + directory.resolve("postgres"));
        } else {
            args.add("--spring.datasource.url=" + jdbcUrl);
            args.add("--spring.datasource.username=postgres");
        }
        var context = new SpringApplicationBuilder(PlatteApplication.class).run(args.toArray(String[]::new));
        var edge = new Edge(context, port);
        edges.add(context);
        return edge;
    }

    private static byte[] bytes(int size, int seed) {
        var data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
