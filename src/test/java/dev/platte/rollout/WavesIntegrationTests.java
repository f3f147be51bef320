package dev.platte.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.Form;
import dev.platte.support.IntegrationTest;
import dev.platte.support.MutableClock;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PageSession;
import dev.platte.support.PlatteClient;
import dev.platte.support.Requests;
import dev.platte.support.ServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Waves through the Omaha endpoint: a group rolls a version out only after the group it follows is done with it. */
class WavesIntegrationTests extends ServerTest {

    private static final String UPDATE_STATUS = "/response/app/updatecheck/@status";

    @Autowired
    MutableClock clock;

    @Autowired
    WaveEvaluator waves;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** An application on 1.0.0 with wave 1 ({@code release.groupId()}) and a wave 2 following it. */
    private record Waves(ApiFixture.Release release, String wave2, String wave2Track) {}

    private Waves waves(int percent, String soak) {
        var release = fixture.release("1.0.0");
        var track = ApiFixture.unique("wave2");
        var wave2 = fixture.group(release.appId(), Requests.group("Wave 2").track(track).channel(release.channelId())
                .policy(Requests.policy().follows("Stable").waveCompletionPercent(percent).waveSoak(Duration.parse(soak))));
        return new Waves(release, wave2, track);
    }

    @Test
    void holdsTheNextWaveUntilThePreviousReachesItsShareAndSoaksThenGrantsIt() {
        var waves = waves(50, "PT1H");
        var release = waves.release();
        var first = node(release.appId(), release.track());
        var second = node(release.appId(), release.track());
        var later = node(release.appId(), waves.wave2Track());
        for (var node : List.of(first, second, later)) {
            assertThat(check(node, "1.0.0")).isEqualTo("noupdate");
        }
        assertThat(group(release, waves.wave2()).get("policy").get("follows").asString()).isEqualTo(release.groupId());

        promote(release, "2.0.0");
        assertThat(check(first, "1.0.0")).isEqualTo("ok");
        assertThat(check(later, "1.0.0")).isEqualTo("noupdate");
        assertThat(holdReason(later)).isEqualTo("waiting_for_wave");
        this.waves.evaluateAll();
        var waiting = group(release, waves.wave2()).get("wave");
        assertThat(waiting.get("state").asString()).isEqualTo("waiting");
        assertThat(waiting.get("missing").asString()).isEqualTo("share");
        assertThat(waiting.get("description").asString())
                .isEqualTo("Waiting for wave Stable to finish 2.0.0: 0% of its active nodes run 2.0.0, 50% needed");

        complete(first);
        this.waves.evaluateAll();
        var soaking = group(release, waves.wave2()).get("wave");
        assertThat(soaking.get("missing").asString()).isEqualTo("soak");
        assertThat(soaking.get("percentOnVersion").asInt()).isEqualTo(50);
        assertThat(soaking.get("description").asString()).containsPattern("soak time left (1h 00m|59m \\d\\ds)$");
        assertThat(check(later, "1.0.0")).as("the soak has not passed").isEqualTo("noupdate");
        assertThat(holdReason(later)).isEqualTo("waiting_for_wave");

        clock.advance(Duration.ofMinutes(59));
        this.waves.evaluateAll();
        assertThat(group(release, waves.wave2()).get("wave").get("description").asString())
                .containsPattern("soak time left (1m 00s|\\d\\ds)$");
        assertThat(check(later, "1.0.0")).isEqualTo("noupdate");

        clock.advance(Duration.ofMinutes(2));
        this.waves.evaluateAll();
        assertThat(group(release, waves.wave2()).get("wave").get("state").asString()).isEqualTo("open");
        assertThat(check(later, "1.0.0")).as("the wave opened").isEqualTo("ok");
        assertThat(this.waves.evaluateAll()).as("a wave opens once").isZero();

        var wave2Activity = activity(release).stream()
                .filter(a -> waves.wave2().equals(a.path("groupId").asString(""))).toList();
        assertThat(wave2Activity.stream().filter(a -> a.get("kind").asString().equals("wave_started")).toList())
                .singleElement()
                .satisfies(a -> assertThat(a.get("message").asString())
                        .isEqualTo("Wave Wave 2 started rolling out 2.0.0: wave Stable runs it on 50% of its active"
                                + " nodes (50% needed), healthy for 1h 00m"));
        assertThat(java.time.Instant.parse(group(release, waves.wave2()).get("rollout").get("startedAt").asString()))
                .as("wave 2's rollout starts when its wave opens, not at the promotion")
                .isAfter(clock.instant().minus(Duration.ofMinutes(1)));
    }

    @Test
    void aPausedOrBreachedPreviousWaveKeepsTheNextClosed() {
        var waves = waves(100, "PT0S");
        var release = waves.release();
        var first = node(release.appId(), release.track());
        var later = node(release.appId(), waves.wave2Track());
        check(first, "1.0.0");
        check(later, "1.0.0");
        var gate = client.ok("POST", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/gates",
                new HashMap<>(Map.of("name", "kubelet", "query", "up == 0", "interval", "PT1H", "onUnknown", "ignore",
                        "prometheusUrl", "http://127.0.0.1:9"))).get("id").asString();
        jdbc.update("UPDATE group_gate SET state = 'breached', next_evaluation_at = now() + interval '1 day'"
                + " WHERE id = ?::uuid", gate);

        promote(release, "2.0.0");
        assertThat(check(first, "1.0.0")).isEqualTo("ok");
        complete(first);
        this.waves.evaluateAll();
        var closed = group(release, waves.wave2()).get("wave");
        assertThat(closed.get("missing").asString()).isEqualTo("gate_breached");
        assertThat(closed.get("description").asString()).contains("a health gate of Stable is breached");
        assertThat(check(later, "1.0.0")).isEqualTo("noupdate");
        assertThat(holdReason(later)).isEqualTo("waiting_for_wave");

        client.ok("POST", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/pause",
                Map.of("reason", "looking into it"));
        jdbc.update("UPDATE group_gate SET state = 'ok' WHERE id = ?::uuid", gate);
        this.waves.evaluateAll();
        assertThat(group(release, waves.wave2()).get("wave").get("missing").asString()).isEqualTo("paused");
        assertThat(check(later, "1.0.0")).isEqualTo("noupdate");

        client.ok("POST", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/resume", Map.of());
        this.waves.evaluateAll();
        assertThat(check(later, "1.0.0")).isEqualTo("ok");
    }

    @Test
    void twoEvaluatorsAtOnceOpenAWaveOnce() throws Exception {
        var waves = waves(100, "PT0S");
        var release = waves.release();
        var first = node(release.appId(), release.track());
        check(first, "1.0.0");
        promote(release, "2.0.0");
        assertThat(check(first, "1.0.0")).isEqualTo("ok");
        complete(first);

        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            var runs = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return this.waves.evaluateAll();
                }));
            }
            start.countDown();
            for (var run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(group(release, waves.wave2()).get("wave").get("state").asString()).isEqualTo("open");
        assertThat(activity(release).stream().filter(a -> a.get("kind").asString().equals("wave_started")
                && waves.wave2().equals(a.path("groupId").asString(""))).count()).isEqualTo(1);
        assertThat(activity(release).stream().filter(a -> a.get("kind").asString().equals("rollout_started")
                && waves.wave2().equals(a.path("groupId").asString(""))).count())
                .as("wave 2's rollout of 2.0.0 starts once, when it opens").isEqualTo(1);
    }

    @Test
    void aConfigurationDocumentNamesTheGroupAWaveFollowsAndRecreatesTheChainInAnotherApplication() throws Exception {
        var waves = waves(90, "PT2H");
        var release = waves.release();
        // Sorts before both others in the document, yet follows the last of them.
        fixture.group(release.appId(), Requests.group("A third wave").track(ApiFixture.unique("wave3"))
                .channel(release.channelId()).policy(Requests.policy().follows("Wave 2")));
        var exported = configJson("GET", "/api/v1/config?app=" + release.appId(), null);
        var groups = exported.get("applications").get(0).get("groups");
        assertThat(groups.valueStream().map(g -> g.get("name").asString()))
                .containsExactly("A third wave", "Stable", "Wave 2");
        assertThat(groups.get(2).get("policy").get("follows").asString()).isEqualTo("Stable");
        assertThat(groups.get(2).get("policy").get("waveSoak").asString()).isEqualTo("PT2H");
        assertThat(groups.get(0).get("policy").get("follows").asString()).isEqualTo("Wave 2");
        var plan = configJson("POST", "/api/v1/config/plan", exported.toString());
        assertThat(plan.get("changes").isEmpty()).as("the export plans no change: " + plan).isTrue();

        var copy = (tools.jackson.databind.node.ObjectNode) exported.deepCopy();
        var app = (tools.jackson.databind.node.ObjectNode) copy.get("applications").get(0);
        var copyName = ApiFixture.unique("copy");
        app.put("name", copyName);
        app.put("productId", "io.platte.waves." + copyName.replace("-", ""));
        app.remove("appId");
        configJson("POST", "/api/v1/config/apply", copy.toString());
        var copied = new java.util.HashMap<String, JsonNode>();
        client.getJson("/api/v1/apps/" + app.get("productId").asString() + "/groups")
                .forEach(g -> copied.put(g.get("name").asString(), g));
        assertThat(copied.get("Wave 2").get("policy").get("follows").asString())
                .isEqualTo(copied.get("Stable").get("id").asString());
        assertThat(copied.get("A third wave").get("policy").get("follows").asString())
                .isEqualTo(copied.get("Wave 2").get("id").asString());
    }

    private JsonNode configJson(String method, String path, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (IntegrationTest.ADMIN + ":" + IntegrationTest.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .header("Accept", "application/json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        var response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PlatteClient.json(response);
    }

    @Test
    void refusesCyclesAndWavesAcrossApplicationsWithAFieldError() {
        var waves = waves(95, "PT1H");
        var release = waves.release();
        var wave2 = group(release, waves.wave2());
        var stable = Requests.group("Stable").track(release.track()).channel(release.channelId());
        var cycle = client.send("PUT", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId(),
                stable.policy(Requests.policy().follows("Wave 2")));
        assertThat(cycle.statusCode()).isEqualTo(400);
        assertThat(fields(cycle)).containsExactly("policy.follows");
        assertThat(cycle.body()).contains("waves cannot form a cycle");

        var self = client.send("PUT", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId(),
                stable.policy(Requests.policy().follows(release.groupId())));
        assertThat(fields(self)).containsExactly("policy.follows");

        var other = fixture.release("1.0.0");
        var across = client.send("POST", "/api/v1/apps/" + other.appId() + "/groups",
                Requests.group("Elsewhere").track(ApiFixture.unique("t")).channel(other.channelId())
                        .policy(Requests.policy().follows(release.groupId())));
        assertThat(across.statusCode()).isEqualTo(400);
        assertThat(fields(across)).containsExactly("policy.follows");
        assertThat(across.body()).contains("its own application");

        var percent = client.send("POST", "/api/v1/apps/" + release.appId() + "/groups",
                Requests.group("Wave 3").track(ApiFixture.unique("t")).channel(release.channelId())
                        .policy(Requests.policy().follows("Wave 2").waveCompletionPercent(0)));
        assertThat(fields(percent)).containsExactly("policy.waveCompletionPercent");

        var deleting = client.send("DELETE", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId(), "");
        assertThat(deleting.statusCode()).as("a followed group stays").isEqualTo(409);
        assertThat(group(release, waves.wave2()).get("version").asLong()).isEqualTo(wave2.get("version").asLong());
        assertThat(group(release, release.groupId()).get("policy").get("follows").isNull()).isTrue();

        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/groups/" + waves.wave2(), Requests.group("Wave 2")
                .track(waves.wave2Track()).channel(release.channelId()).policy(Requests.policy()));
        assertThat(group(release, waves.wave2()).get("policy").get("follows").isNull())
                .as("a policy without follows is no wave").isTrue();
        assertThat(client.send("DELETE", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId(), "")
                .statusCode()).isEqualTo(204);

        var chained = waves(100, "PT0S");
        assertThat(client.send("DELETE", "/api/v1/apps/" + chained.release().appId(), "").statusCode())
                .as("an application goes with its waves").isEqualTo(204);
    }

    @Test
    void theGroupPageSaysWhatTheWaveWaitsForTheOverviewListsTheChainAndTheFormRefusesACycle() throws Exception {
        var waves = waves(95, "PT1H");
        var release = waves.release();
        var first = node(release.appId(), release.track());
        check(first, "1.0.0");
        promote(release, "2.0.0");
        this.waves.evaluateAll();
        var session = PageSession.admin(mvc, port);

        assertThat(session.get("/apps/" + release.appId() + "/groups/" + waves.wave2())).bodyText().contains(
                "id=\"wave-state\"", "Waiting for wave Stable to finish 2.0.0: 0% of its active nodes run 2.0.0, 95% needed");

        var overview = session.page("/");
        assertThat(overview.has(".wave-chain")).isTrue();
        assertThat(overview.html().indexOf("/groups/" + release.groupId() + "\">Stable</a>:"))
                .isLessThan(overview.html().indexOf("/groups/" + waves.wave2() + "\">Wave 2</a>:"));
        assertThat(overview.html()).contains("Waiting for wave Stable to finish 2.0.0");

        var edit = "/apps/" + release.appId() + "/groups/" + release.groupId() + "/edit";
        var version = String.valueOf(group(release, release.groupId()).get("version").asLong());
        var refused = session.submit(edit, Form.of("name", "Stable", "track", release.track(),
                "channelId", release.channelId(), "updatesEnabled", "true", "updatePeriod", "PT1H",
                "updateTimeout", "PT1H", "follows", "Wave 2", "waveCompletionPercent", "90", "waveSoak", "PT1H",
                "version", version));
        assertThat(refused).hasStatusOk().bodyText().contains("waves cannot form a cycle");
        assertThat(group(release, release.groupId()).get("policy").get("follows").isNull()).as("nothing saved").isTrue();

        var waveEdit = "/apps/" + release.appId() + "/groups/" + waves.wave2() + "/edit";
        assertThat(session.page(waveEdit).has("[value=\"" + release.groupId() + "\"]")).isTrue();
    }

    private static List<String> fields(java.net.http.HttpResponse<String> response) {
        var result = new ArrayList<String>();
        var problem = PlatteClient.json(response);
        if (problem.has("errors")) {
            problem.get("errors").forEach(e -> result.add(e.get("field").asString()));
        }
        return result;
    }

    private static OmahaRequests node(String appId, String track) {
        return OmahaRequests.flatcarNode(appId, ApiFixture.machineId(), track);
    }

    private String check(OmahaRequests node, String version) {
        return client.check(node.check(version, "")).value(UPDATE_STATUS);
    }

    private void complete(OmahaRequests node) {
        client.check(node.event("1.0.0", 13, 1));
        client.check(node.event("1.0.0", 14, 1));
        client.check(node.event("1.0.0", 3, 1));
        assertThat(client.check(node.check("2.0.0", "1.0.0")).value(UPDATE_STATUS)).isEqualTo("noupdate");
    }

    private void promote(ApiFixture.Release release, String version) {
        var pkg = fixture.pkg(release.appId(), version);
        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/package",
                Map.of("packageId", pkg));
    }

    private JsonNode group(ApiFixture.Release release, String groupId) {
        return client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + groupId);
    }

    private String holdReason(OmahaRequests node) {
        return client.getJson("/api/v1/instances/" + node.machineId()).get("applications").get(0).get("holdReason")
                .asString();
    }

    private List<JsonNode> activity(ApiFixture.Release release) {
        var items = new ArrayList<JsonNode>();
        client.getJson("/api/v1/activity?size=200&app=" + release.appId()).get("items").forEach(items::add);
        return items;
    }
}
