package dev.platte.rollout;

import static dev.platte.support.Requests.policy;
import static dev.platte.support.Requests.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.MutableClock;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.Requests;
import dev.platte.support.ServerTest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Each group policy through the real Omaha endpoint and PostgreSQL. */
class RolloutIntegrationTests extends ServerTest {

    private static final String UPDATE_STATUS = "/response/app/updatecheck/@status";

    @Autowired
    MutableClock clock;

    @Autowired
    UpdateTimeouts timeouts;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void grantsTheRestOnlyAfterTheSafeModeCanarySucceeds() {
        var release = fixture.release("2.0.0", policy().safeMode());
        var canary = node(release);
        var other = node(release);

        assertThat(check(canary, "1.0.0")).isEqualTo("ok");
        assertThat(check(other, "1.0.0")).isEqualTo("noupdate");
        assertThat(holdReason(other)).isEqualTo("awaiting_canary");

        client.check(canary.event("1.0.0", 13, 1));
        client.check(canary.event("1.0.0", 14, 1));
        client.check(canary.event("1.0.0", 3, 1));
        assertThat(client.check(canary.check("2.0.0", "1.0.0")).value(UPDATE_STATUS)).isEqualTo("noupdate");

        assertThat(check(other, "1.0.0")).isEqualTo("ok");
        var rollout = group(release).get("rollout");
        assertThat(rollout.get("canary").asString()).isEqualTo("succeeded");
        assertThat(rollout.get("canaryMachineId").asString()).isEqualTo(canary.machineId());
        assertThat(activityKinds(release)).contains("rollout_started", "canary_succeeded");
    }

    @Test
    void pausesTheGroupWithTheReasonWhenTheCanaryFails() {
        var release = fixture.release("2.0.0", policy().safeMode());
        var canary = node(release);
        assertThat(check(canary, "1.0.0")).isEqualTo("ok");

        client.check(canary.failedUpdate("1.0.0", 268435466L));

        var paused = group(release).get("paused");
        assertThat(paused.get("automatic").asBoolean()).isTrue();
        assertThat(paused.get("by").asString()).isEqualTo("platte");
        assertThat(paused.get("reason").asString())
                .contains("canary " + canary.machineId())
                .contains("PayloadHashMismatchError (10) + TestOmahaUrl");
        var other = node(release);
        assertThat(check(other, "1.0.0")).isEqualTo("noupdate");
        assertThat(holdReason(other)).isEqualTo("paused");
        assertThat(activityKinds(release)).contains("instance_failed", "group_paused");
    }

    @Test
    void choosesANewCanaryAfterAnAdminResumesAFailedCanary() {
        var release = fixture.release("2.0.0", policy().safeMode());
        var canary = node(release);
        check(canary, "1.0.0");
        client.check(canary.failedUpdate("1.0.0", 10));

        client.ok("POST", groupPath(release) + "/resume", Map.of("reason", "bad disk on that node"));

        var next = node(release);
        assertThat(check(next, "1.0.0")).isEqualTo("ok");
        assertThat(check(node(release), "1.0.0")).isEqualTo("noupdate");
        assertThat(group(release).get("rollout").get("canaryMachineId").asString()).isEqualTo(next.machineId());
        var resumed = activity(release).stream().filter(a -> a.get("kind").asString().equals("group_resumed")).findFirst()
                .orElseThrow();
        assertThat(resumed.get("actor").asString()).isEqualTo(IntegrationTest.ADMIN);
        assertThat(resumed.get("message").asString()).contains("bad disk on that node");
    }

    @Test
    void pausesTheGroupWhenTheCanaryTimesOut() {
        var release = fixture.release("2.0.0", policy().safeMode().updateTimeout(Duration.ofHours(1)));
        var canary = node(release);
        check(canary, "1.0.0");

        clock.advance(Duration.ofMinutes(59));
        timeouts.sweep();
        assertThat(group(release).get("paused").isNull()).isTrue();

        clock.advance(Duration.ofMinutes(2));
        timeouts.sweep();

        assertThat(status(canary)).isEqualTo("timed_out");
        assertThat(group(release).get("paused").get("reason").asString()).contains("did not finish");
    }

    @Test
    void haltsAtTheFailureThresholdAndNotOneBelow() {
        var release = fixture.release("2.0.0", policy().autoHaltAfter(3));
        var nodes = new ArrayList<OmahaRequests>();
        for (int i = 0; i < 5; i++) {
            var node = node(release);
            assertThat(check(node, "1.0.0")).isEqualTo("ok");
            nodes.add(node);
        }

        client.check(nodes.get(0).failedUpdate("1.0.0", 9));
        client.check(nodes.get(1).failedUpdate("1.0.0", 9));
        assertThat(group(release).get("paused").isNull()).isTrue();
        assertThat(check(node(release), "1.0.0")).isEqualTo("ok");

        client.check(nodes.get(2).failedUpdate("1.0.0", 9));

        var paused = group(release).get("paused");
        assertThat(paused.get("reason").asString()).contains("Auto-halt of 2.0.0").contains("3 failures");
        assertThat(check(node(release), "1.0.0")).isEqualTo("noupdate");
    }

    @Test
    void haltsOnAFailurePercentageOnceEnoughNodesTried() {
        var release = fixture.release("2.0.0", policy().autoHaltAtPercent(50, 4));
        var nodes = new ArrayList<OmahaRequests>();
        for (int i = 0; i < 3; i++) {
            nodes.add(node(release));
            check(nodes.get(i), "1.0.0");
        }
        client.check(nodes.get(0).failedUpdate("1.0.0", 9));
        client.check(nodes.get(1).failedUpdate("1.0.0", 9));
        assertThat(group(release).get("paused").isNull()).as("only 3 attempts so far").isTrue();

        var fourth = node(release);
        check(fourth, "1.0.0");
        client.check(fourth.failedUpdate("1.0.0", 9));

        assertThat(group(release).get("paused").get("reason").asString()).contains("3 of 4 attempts failed");
    }

    @Test
    void grantsOnlyInsideTheMaintenanceWindow() {
        var release = fixture.release("2.0.0", policy().maintenanceWindows(
                window(List.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(10, 0), "Europe/Berlin")));
        var node = node(release);

        clock.set(Instant.parse("2026-11-23T07:59:59Z"));
        assertThat(check(node, "1.0.0")).isEqualTo("noupdate");
        assertThat(holdReason(node)).isEqualTo("outside_window");

        clock.set(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(check(node, "1.0.0")).isEqualTo("ok");

        clock.set(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(check(node(release), "1.0.0")).isEqualTo("noupdate");
    }

    @Test
    void timesOutAStuckUpdateAndFreesItsConcurrencySlot() {
        var release = fixture.release("2.0.0", policy().maxConcurrentUpdates(1).updateTimeout(Duration.ofHours(1)));
        var stuck = node(release);
        var waiting = node(release);
        assertThat(check(stuck, "1.0.0")).isEqualTo("ok");
        assertThat(check(waiting, "1.0.0")).isEqualTo("noupdate");
        assertThat(holdReason(waiting)).isEqualTo("concurrency_limit");

        clock.advance(Duration.ofMinutes(61));
        timeouts.sweep();

        assertThat(status(stuck)).isEqualTo("timed_out");
        assertThat(check(waiting, "1.0.0")).isEqualTo("ok");
        assertThat(activityKinds(release)).contains("instance_timed_out");
    }

    @Test
    void completesAnUpdateThatFinishesAfterItTimedOut() {
        var release = fixture.release("2.0.0", policy().updateTimeout(Duration.ofHours(1)));
        var slow = node(release);
        check(slow, "1.0.0");
        clock.advance(Duration.ofHours(2));
        timeouts.sweep();

        client.check(slow.check("2.0.0", "1.0.0"));

        assertThat(status(slow)).isEqualTo("complete");
    }

    @Test
    void countsGrantsInTheSlidingPeriod() {
        var release = fixture.release("2.0.0", policy().maxUpdates(2, Duration.ofHours(1)));
        assertThat(check(node(release), "1.0.0")).isEqualTo("ok");
        assertThat(check(node(release), "1.0.0")).isEqualTo("ok");
        var third = node(release);
        assertThat(check(third, "1.0.0")).isEqualTo("noupdate");
        assertThat(holdReason(third)).isEqualTo("period_limit");

        assertThat(group(release).get("holdReasons").get("period_limit").asInt()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(61));

        assertThat(check(third, "1.0.0")).isEqualTo("ok");
    }

    @Test
    void sendsTheGroupsPollInterval() {
        var release = fixture.release("2.0.0", policy().pollIntervalSeconds(7200));

        var answer = client.check(node(release).check("2.0.0", ""));

        assertThat(answer.value("/response/app/updatecheck/@PollInterval")).isEqualTo("7200");
    }

    @Test
    void startsANewRolloutWhenTheChannelIsPromoted() {
        var release = fixture.release("2.0.0", policy().safeMode());
        var known = node(release);
        assertThat(check(known, "2.0.0")).isEqualTo("noupdate");
        var newer = fixture.pkg(release.appId(), "2.1.0");

        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/package",
                Map.of("packageId", newer));

        var rollout = group(release).get("rollout");
        assertThat(rollout.get("targetVersion").asString()).isEqualTo("2.1.0");
        assertThat(rollout.get("canary").asString()).isEqualTo("none");
        assertThat(rollout.get("attempts").asInt()).isZero();
        assertThat(activity(release)).anySatisfy(a -> {
            assertThat(a.get("kind").asString()).isEqualTo("rollout_started");
            assertThat(a.get("version").asString()).isEqualTo("2.1.0");
        });
        assertThat(activity(release)).anySatisfy(a -> {
            assertThat(a.get("kind").asString()).isEqualTo("channel_promoted");
            assertThat(a.get("actor").asString()).isEqualTo(IntegrationTest.ADMIN);
        });
        assertThat(check(node(release), "2.0.0")).as("registered after the rollout started").isEqualTo("noupdate");
        assertThat(check(known, "2.0.0")).as("known before: the canary").isEqualTo("ok");
    }

    @Test
    void recordsWhoPausedAGroupAndWhy() {
        var release = fixture.release("2.0.0");

        var paused = client.ok("POST", groupPath(release) + "/pause", Map.of("reason", "kernel panic on r5 instances"));

        assertThat(paused.get("paused").get("by").asString()).isEqualTo(IntegrationTest.ADMIN);
        assertThat(paused.get("paused").get("automatic").asBoolean()).isFalse();
        assertThat(client.send("POST", groupPath(release) + "/pause", Map.of("reason", "again")).statusCode())
                .isEqualTo(409);
        assertThat(client.send("POST", groupPath(release) + "/pause", Map.of("reason", " ")).statusCode())
                .isEqualTo(400);
        var entries = client.getJson("/api/v1/activity?group=" + release.groupId() + "&kind=group_paused");
        assertThat(entries.get("items").get(0).get("message").asString()).contains("kernel panic on r5 instances");
        assertThat(client.getJson("/api/v1/activity?app=" + release.appId() + "&severity=warning").get("totalItems")
                .asInt()).isEqualTo(1);
        assertThat(client.get("/api/v1/activity?severity=loud").statusCode()).isEqualTo(400);
    }

    @Test
    void readsAndEditsTheWholePolicyThroughTheApi() {
        var release = fixture.release("2.0.0");
        var policy = Map.<String, Object>of(
                "updatesEnabled", true, "safeMode", true, "maxUpdatesPerPeriod", 10, "updatePeriod", "PT2H",
                "maxConcurrentUpdates", 3, "updateTimeout", "PT4H", "pollIntervalSeconds", 3600,
                "ramp", Map.of("startPercent", 5, "duration", "P2D"),
                "autoHalt", Map.of("failureCount", 5, "failurePercent", 20, "minAttempts", 25),
                "maintenanceWindows", List.of(Map.of("days", List.of("SATURDAY", "SUNDAY"), "start", "22:00",
                        "end", "04:00", "timeZone", "America/New_York")));

        client.ok("PUT", groupPath(release), Map.of("name", "Stable", "track", release.track(),
                "channelId", release.channelId(), "policy", policy));

        var read = group(release).get("policy");
        assertThat(read.get("maxConcurrentUpdates").asInt()).isEqualTo(3);
        assertThat(read.get("updatePeriod").asString()).isEqualTo("PT2H");
        assertThat(read.get("ramp").get("duration").asString()).isEqualTo("PT48H");
        assertThat(read.get("autoHalt").get("minAttempts").asInt()).isEqualTo(25);
        assertThat(read.get("maintenanceWindows").get(0).get("timeZone").asString()).isEqualTo("America/New_York");
        assertThat(read.get("maintenanceWindows").get(0).get("days").get(0).asString()).isEqualTo("SATURDAY");

        var badZone = client.send("PUT", groupPath(release), Requests.group("Stable").track(release.track())
                .policy(policy().maintenanceWindows(
                        window(List.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(10, 0), "Mars/Olympus"))));
        assertThat(badZone.statusCode()).isEqualTo(400);
        assertThat(PlatteClient.json(badZone).get("errors").get(0).get("field").asString())
                .isEqualTo("policy.maintenanceWindows[0].timeZone");
    }

    // --- helpers ------------------------------------------------------------------------------

    private OmahaRequests node(ApiFixture.Release release) {
        return OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
    }

    private String check(OmahaRequests node, String version) {
        return client.check(node.check(version, "")).value(UPDATE_STATUS);
    }

    private JsonNode state(OmahaRequests node) {
        return client.getJson("/api/v1/instances/" + node.machineId()).get("applications").get(0);
    }

    private String status(OmahaRequests node) {
        return state(node).get("status").asString();
    }

    private String holdReason(OmahaRequests node) {
        return state(node).get("holdReason").asString();
    }

    private String groupPath(ApiFixture.Release release) {
        return "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId();
    }

    private JsonNode group(ApiFixture.Release release) {
        return client.getJson(groupPath(release));
    }

    private List<JsonNode> activity(ApiFixture.Release release) {
        var items = new ArrayList<JsonNode>();
        client.getJson("/api/v1/activity?size=200&app=" + release.appId()).get("items").forEach(items::add);
        return items;
    }

    private List<String> activityKinds(ApiFixture.Release release) {
        return activity(release).stream().map(a -> a.get("kind").asString()).toList();
    }
}
