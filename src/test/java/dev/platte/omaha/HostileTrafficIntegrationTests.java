package dev.platte.omaha;

import static dev.platte.support.Requests.policy;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.platte.omaha.protocol.OmahaCodec;
import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import dev.platte.support.Xml;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.util.stream.IntStream;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 11, parts 1 to 3, tried as an attacker would: through HTTP against the real server and database.
 * Every shape must leave memory, log and rows bounded, answer no 5xx, leave rollouts as they were and
 * keep serving real nodes.
 */
class HostileTrafficIntegrationTests extends ServerTest {

    private static final String UPDATE_STATUS = "/response/app/updatecheck/@status";

    @Autowired
    ServingWarnings servingWarnings;

    @Autowired
    RegistrationLimiter limiter;

    @Autowired
    RegistrationLimitProperties limits;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    private final HttpClient loopback = HttpClient.newHttpClient();
    private final List<Integer> statuses = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger platteLogger = (Logger) LoggerFactory.getLogger("dev.platte");

    @BeforeEach
    void captureLogs() {
        logged.start();
        platteLogger.addAppender(logged);
    }

    @AfterEach
    void noServerErrorsAndNoForgedLogLines() {
        platteLogger.detachAppender(logged);
        assertThat(statuses).as("HTTP statuses").allSatisfy(status -> assertThat(status).isLessThan(500));
        assertThat(logged.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void refusesTracksLongerThanTheAttributeCapWithA400AndNothingKept() {
        var release = fixture.release("2.0.0");
        var prefix = "longtrack" + UUID.randomUUID().toString().substring(0, 8);
        var track = "x&#10;FORGED LINE ".repeat(60_000 / 17);

        for (int i = 0; i < 50; i++) {
            var response = post(loopback(), "/v1/update/",
                    OmahaRequests.flatcarNode(release.appId(), prefix + i, track).check("1.0.0", ""));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("longer than " + OmahaCodec.MAX_ATTRIBUTE_CHARS);
        }

        assertThat(instancesStartingWith(prefix)).isZero();
    }

    @Test
    void floodsOfUnknownTracksCostBoundedMemoryAndLog() {
        var release = fixture.release("2.0.0");
        var machine = ApiFixture.machineId();
        // Warm up first (pools, buffers, compiled queries), so the heap measured afterwards is what the flood keeps.
        flood(release, machine, "warmup", 300);
        var heapBefore = usedHeapAfterGc();
        var logBytesBefore = logBytes();

        flood(release, machine, "t", NodeWarnings.MAX_REMEMBERED * 2);

        assertThat(servingWarnings.remembered()).isLessThanOrEqualTo(NodeWarnings.MAX_REMEMBERED);
        var warnings = logged.list.stream().filter(e -> e.getFormattedMessage().contains("No group with track")).toList();
        assertThat(warnings).hasSizeLessThanOrEqualTo(NodeWarnings.MAX_PER_PERIOD);
        assertThat(warnings).allSatisfy(e -> assertThat(e.getFormattedMessage()).hasSizeLessThan(400));
        assertThat(logBytes() - logBytesBefore).as("log bytes").isLessThan(64 * 1024);
        // Loosely: 1,500 distinct 500-character tracks kept verbatim would already be several MB with their keys.
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth").isLessThan(32L * 1024 * 1024);
        assertThat(checkStatus(OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track())))
                .isEqualTo("ok");
    }

    @Test
    void refusesSixHundredAppsAndSixteenHundredEventsWholeAndWritesNothing() {
        var release = fixture.release("2.0.0");
        var prefix = "manyapps" + UUID.randomUUID().toString().substring(0, 8);
        var apps = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            // Small apps: 600 of them still fit the 64 KiB body limit.
            apps.append("<app appid=\"%s\" machineid=\"%s%d\"><updatecheck/></app>".formatted(release.appId(), prefix, i));
        }
        var events = "<event eventtype=\"13\" eventresult=\"1\"/>".repeat(1_600);
        var manyEvents = "<app appid=\"%s\" version=\"1.0.0\" track=\"%s\" machineid=\"%s-events\">%s</app>"
                .formatted(release.appId(), release.track(), prefix, events);

        var sixHundred = post(loopback(), "/v1/update/", "<request protocol=\"3.0\">" + apps + "</request>");
        var sixteenHundred = post(loopback(), "/v1/update/", "<request protocol=\"3.0\">" + manyEvents + "</request>");

        assertThat(sixHundred.statusCode()).isEqualTo(400);
        assertThat(sixHundred.body()).contains("more than " + OmahaCodec.MAX_APPS_PER_REQUEST + " <app>");
        assertThat(sixteenHundred.statusCode()).isEqualTo(400);
        assertThat(sixteenHundred.body()).contains("more than " + OmahaCodec.MAX_EVENTS_PER_APP + " <event>");
        assertThat(instancesStartingWith(prefix)).isZero();
    }

    @Test
    void boundsTheRowsOneRequestAddsAndWhatTheInstancePageLoads() {
        var release = fixture.release("2.0.0");
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        var events = "<event eventtype=\"54\" eventresult=\"7\"/>".repeat(OmahaCodec.MAX_EVENTS_PER_APP);
        var xml = node.ping("1.0.0").replace("<ping active=\"1\"></ping>", events);

        for (int i = 0; i < 30; i++) {
            assertThat(post(loopback(), "/v1/update/", xml).statusCode()).isEqualTo(200);
        }

        var stored = jdbc.queryForObject("SELECT count(*) FROM instance_event WHERE machine_id = ?", Long.class,
                node.machineId());
        assertThat(stored).isEqualTo(30L * OmahaCodec.MAX_EVENTS_PER_APP);
        var shown = client.getJson("/api/v1/instances/" + node.machineId()).get("applications").get(0).get("events");
        assertThat(shown.size()).isEqualTo(dev.platte.fleet.InstanceDetails.MAX_ENTRIES);
    }

    @Test
    void limitsHowFastOneAddressRegistersNewMachinesButNeverKnownOnes() throws Exception {
        var release = fixture.release("2.0.0");
        var prefix = "flood" + UUID.randomUUID().toString().substring(0, 8);
        var attacker = from("127.0.0.2");
        var refusedBefore = refusals();
        var known = OmahaRequests.flatcarNode(release.appId(), prefix + "known", release.track());
        assertThat(post(attacker, "/v1/update/", known.check("1.0.0", "")).statusCode()).isEqualTo(200);

        int accepted = 0;
        HttpResponse<String> lastRefusal = null;
        for (int i = 0; i < limits.burst() + 50; i++) {
            var response = post(attacker, "/v1/update/",
                    OmahaRequests.flatcarNode(release.appId(), prefix + i, release.track()).check("1.0.0", ""));
            if (response.statusCode() == 200) {
                accepted++;
            } else {
                assertThat(response.statusCode()).isEqualTo(429);
                lastRefusal = response;
            }
        }

        // The burst, plus what refills while the test runs (per-minute rate, a test of well under a minute).
        assertThat(accepted).isBetween(limits.burst() - 1, limits.burst() - 1 + limits.perMinute());
        assertThat(lastRefusal).isNotNull();
        assertThat(Long.parseLong(lastRefusal.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(refusals() - refusedBefore).isEqualTo(limits.burst() + 50 - accepted);
        assertThat(instancesStartingWith(prefix)).isEqualTo(accepted + 1L);
        assertThat(post(attacker, "/v1/update/", known.check("1.0.0", "")).statusCode())
                .as("a known machine behind the same address").isEqualTo(200);
        assertThat(checkStatus(OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track())))
                .as("a real node from elsewhere").isEqualTo("ok");
        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(limits.maxAddresses());
    }

    @Test
    void limitsNewMachinesReportingEventsTogetherAsItDoesCheckingOnesAndWritesNothingOfARefusedOne() throws Exception {
        var release = fixture.release("2.0.0");
        var prefix = "evflood" + UUID.randomUUID().toString().substring(0, 8);
        var attacker = from("127.0.0.3");
        var known = OmahaRequests.flatcarNode(release.appId(), prefix + "known", release.track());
        assertThat(post(loopback(), "/v1/update/", known.check("1.0.0", "")).statusCode()).isEqualTo(200);
        var refusedBefore = refusals();
        var batchedBefore = meters.get("platte.omaha.group.commit.reports").summary().totalAmount();

        // Eight at a time, so that they are written (and admitted) in batches.
        var total = limits.burst() + limits.perMinute() + 40;
        List<Integer> codes;
        try (var threads = Executors.newFixedThreadPool(8)) {
            var answers = IntStream.range(0, total).mapToObj(i -> CompletableFuture.supplyAsync(() -> post(attacker,
                    "/v1/update/", OmahaRequests.flatcarNode(release.appId(), prefix + i, release.track())
                            .event("1.0.0", 13, 1)), threads)).toList();
            codes = answers.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
        }

        var accepted = codes.stream().filter(code -> code == 200).count();
        assertThat(codes).containsOnly(200, 429);
        assertThat(accepted).isBetween((long) limits.burst(), (long) limits.burst() + limits.perMinute());
        assertThat(refusals() - refusedBefore).isEqualTo(total - accepted);
        assertThat(instancesStartingWith(prefix)).isEqualTo(accepted + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM instance_event WHERE machine_id LIKE ?", Long.class,
                prefix + "%")).as("events stored, none of a refused machine").isEqualTo(accepted);
        assertThat(meters.get("platte.omaha.group.commit.reports").summary().totalAmount() - batchedBefore)
                .as("written through the group commit").isGreaterThanOrEqualTo(accepted);
        assertThat(post(attacker, "/v1/update/", known.event("1.0.0", 13, 1)).statusCode())
                .as("a known machine behind the same address").isEqualTo(200);
    }

    @Test
    void madeUpMachinesCannotTakeTheCanaryRoleOrReportItsSuccess() {
        var release = fixture.release("2.0.0", policy().safeMode());
        var real = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        assertThat(checkStatus(real, "2.0.0")).isEqualTo("noupdate");
        promote(release, "3.0.0");

        var forged = new ArrayList<OmahaRequests>();
        for (int i = 0; i < 20; i++) {
            var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
            assertThat(checkStatus(node, "2.0.0")).isEqualTo("noupdate");
            forged.add(node);
        }
        assertThat(holdReason(forged.getFirst())).isEqualTo("awaiting_canary");
        for (var node : forged) {
            client.check(node.event("3.0.0", 3, 1));
            client.check(node.check("3.0.0", "2.0.0"));
        }

        var rollout = group(release).get("rollout");
        assertThat(rollout.get("canary").asString()).isEqualTo("none");
        assertThat(checkStatus(real, "2.0.0")).as("the machine known before the rollout").isEqualTo("ok");
        assertThat(group(release).get("rollout").get("canaryMachineId").asString()).isEqualTo(real.machineId());
        assertThat(checkStatus(OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track()),
                "2.0.0")).as("everyone else still waits for the real canary").isEqualTo("noupdate");
    }

    @Test
    void failuresFromMachinesThatNeverBeganDoNotHaltARollout() {
        var release = fixture.release("2.0.0", policy().autoHaltAfter(3));
        for (int i = 0; i < 10; i++) {
            var granted = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
            assertThat(checkStatus(granted, "1.0.0")).isEqualTo("ok");
            client.check(granted.errorEvent("1.0.0", 9));
            var neverGranted = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
            client.check(neverGranted.failedUpdate("1.0.0", 9));
        }

        var group = group(release);
        assertThat(group.get("paused").isNull()).isTrue();
        assertThat(group.get("rollout").get("failures").asInt()).isZero();
        var real = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        assertThat(checkStatus(real, "1.0.0")).isEqualTo("ok");
        client.check(real.failedUpdate("1.0.0", 10));
        assertThat(group(release).get("rollout").get("failures").asInt()).as("a real failure still counts").isEqualTo(1);
    }

    @Test
    void answersAFakeSyncerAsANode() {
        var release = fixture.release("2.0.0");
        var unpromoted = fixture.pkg(release.appId(), "9.9.9");
        assertThat(unpromoted).isNotBlank();
        var syncer = """
                <request protocol="3.0" version="CoreOSUpdateEngine-0.1.0.0" installsource="scheduler">
                  <app appid="%s" version="1.0.0" track="%s" machineid="{%s}" board="amd64-usr" multi_manifest_ok="true">
                    <updatecheck targetversionprefix="9.9.9"></updatecheck>
                  </app>
                </request>
                """.formatted(release.appId(), release.track(), UUID.randomUUID());

        var withoutProof = Xml.parse(post(loopback(), "/v1/update/", syncer).body());
        var wrongProof = Xml.parse(post(loopback(), "/v1/update/", syncer, "wrong-secret").body());
        var wrongPath = post(loopback(), "/v1/update/wrong-secret", syncer);
        var proven = Xml.parse(post(loopback(), "/v1/update/", syncer, IntegrationTest.SYNCER_SECRET).body());

        assertThat(withoutProof.value("/response/app/updatecheck/manifest/@version")).isEqualTo("2.0.0");
        assertThat(wrongProof.value("/response/app/updatecheck/manifest/@version")).isEqualTo("2.0.0");
        assertThat(wrongPath.statusCode()).isEqualTo(404);
        assertThat(proven.value("/response/app/updatecheck/manifest/@version")).isEqualTo("9.9.9");
    }

    // ------------------------------------------------------------------------------------------

    /** {@code count} update checks, each with another unknown track near the length cap and a line break. */
    private void flood(ApiFixture.Release release, String machine, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            var track = prefix + i + "&#10;2026-12-01 ERROR forged " + "y".repeat(OmahaCodec.MAX_ATTRIBUTE_CHARS - 50);
            var answer = post(loopback(), "/v1/update/",
                    OmahaRequests.flatcarNode(release.appId(), machine, track).check("1.0.0", ""));
            assertThat(answer.statusCode()).isEqualTo(200);
        }
    }

    private HttpClient loopback() {
        return loopback;
    }

    /** A client whose connections come from {@code address} (any 127.x address is loopback on Linux). */
    private static HttpClient from(String address) throws IOException {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).build();
    }

    private HttpResponse<String> post(HttpClient http, String path, String xml) {
        return post(http, path, xml, null);
    }

    private HttpResponse<String> post(HttpClient http, String path, String xml, String syncerSecret) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "text/xml")
                .POST(BodyPublishers.ofString(xml));
        if (syncerSecret != null) {
            request.header(OmahaServlet.SYNCER_SECRET_HEADER, syncerSecret);
        }
        try {
            var response = http.send(request.build(), BodyHandlers.ofString());
            statuses.add(response.statusCode());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String checkStatus(OmahaRequests node) {
        return checkStatus(node, "1.0.0");
    }

    private String checkStatus(OmahaRequests node, String version) {
        var response = post(loopback(), "/v1/update/", node.check(version, ""));
        assertThat(response.statusCode()).isEqualTo(200);
        return Xml.parse(response.body()).value(UPDATE_STATUS);
    }

    private void promote(ApiFixture.Release release, String version) {
        var pkg = fixture.pkg(release.appId(), version);
        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/package",
                Map.of("packageId", pkg));
    }

    private tools.jackson.databind.JsonNode group(ApiFixture.Release release) {
        return client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + release.groupId());
    }

    private String holdReason(OmahaRequests node) {
        return client.getJson("/api/v1/instances/" + node.machineId()).get("applications").get(0).get("holdReason")
                .asString();
    }

    private long instancesStartingWith(String prefix) {
        return jdbc.queryForObject("SELECT count(*) FROM instance WHERE machine_id LIKE ?", Long.class, prefix + "%");
    }

    private double refusals() {
        var counter = meters.find("platte.omaha.registrations.refused").counter();
        return counter == null ? 0 : counter.count();
    }

    private long logBytes() {
        return logged.list.stream().mapToLong(e -> e.getFormattedMessage().length()).sum();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
