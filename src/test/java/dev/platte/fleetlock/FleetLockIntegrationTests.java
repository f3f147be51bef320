package dev.platte.fleetlock;

import static dev.platte.support.Requests.policy;
import static dev.platte.support.Requests.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.MutableClock;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The FleetLock wire format as Zincati speaks it, the semaphore, its tie to rollouts, and its admin side. */
class FleetLockIntegrationTests extends ServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    MutableClock clock;

    @Autowired
    RebootGroups rebootGroups;

    @Autowired
    RebootGroupRepository store;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    FleetLockMetrics metrics;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    // --- wire format ---

    @Test
    void refusesARequestWithoutTheProtocolHeader() {
        var response = send("/fleetlock/v1/pre-reboot", null, body("node-1", "default"));

        assertError(response, 400, "missing_header");
        assertThat(send("/fleetlock/v1/pre-reboot", "false", body("node-1", "default")).statusCode()).isEqualTo(400);
    }

    @Test
    void refusesAGroupOutsideTheProtocolAlphabet() {
        assertError(preReboot("node-1", "bad_group"), 400, "invalid_client_params");
        assertError(preReboot("node-1", "with space"), 400, "invalid_client_params");
        assertError(preReboot("node-1", ""), 400, "invalid_client_params");
    }

    @Test
    void refusesAnEmptyOrMissingId() {
        assertError(preReboot("", "default"), 400, "invalid_client_params");
        assertError(send("/fleetlock/v1/pre-reboot", "true", "{\"client_params\":{\"group\":\"default\"}}"), 400,
                "invalid_client_params");
        assertError(send("/fleetlock/v1/steady-state", "true", "{\"client_params\":{\"id\":7,\"group\":\"default\"}}"),
                400, "invalid_client_params");
    }

    @Test
    void refusesMalformedJson() {
        assertError(send("/fleetlock/v1/pre-reboot", "true", "{\"client_params\":"), 400, "invalid_body");
        assertError(send("/fleetlock/v1/pre-reboot", "true", "[]"), 400, "invalid_body");
        assertError(send("/fleetlock/v1/pre-reboot", "true", "{\"id\":\"a\",\"group\":\"b\"}"), 400, "invalid_body");
        assertError(send("/fleetlock/v1/pre-reboot", "true", ""), 400, "invalid_body");
    }

    @Test
    void answersOnlyPostAtTheTwoOperations() throws Exception {
        var get = http.send(HttpRequest.newBuilder(uri("/fleetlock/v1/pre-reboot")).header("fleet-lock-protocol", "true")
                .GET().build(), BodyHandlers.ofString());

        assertError(get, 405, "method_not_allowed");
        assertError(send("/fleetlock/v1/reboot", "true", body("node-1", "default")), 404, "not_found");
        assertError(send("/fleetlock/some-secret/v1/pre-reboot", "true", body("node-1", "default")), 404, "not_found");
    }

    @Test
    void givesEachSlotToOneHolderAtATime() {
        var group = group();

        assertThat(preReboot("node-a", group).statusCode()).isEqualTo(200);
        var full = preReboot("node-b", group);
        assertError(full, 409, "failed_lock_semaphore_full");
        assertThat(value(full)).contains("1 slot(s)");

        assertThat(steadyState("node-a", group).statusCode()).isEqualTo(200);
        assertThat(preReboot("node-b", group).statusCode()).isEqualTo(200);
    }

    @Test
    void locksRecursivelyAndReleasesWhatIsNotHeld() {
        var group = group();

        assertThat(preReboot("node-a", group).statusCode()).isEqualTo(200);
        assertThat(preReboot("node-a", group).statusCode()).as("taking a slot one holds").isEqualTo(200);
        assertThat(steadyState("node-z", group).statusCode()).as("releasing a slot one does not hold").isEqualTo(200);
        assertThat(steadyState("node-a", group).statusCode()).isEqualTo(200);
        assertThat(steadyState("node-a", group).statusCode()).as("releasing twice").isEqualTo(200);

        var unknown = group();
        assertThat(steadyState("node-a", unknown).statusCode()).isEqualTo(200);
        assertThat(client.get("/api/v1/reboot-groups/" + unknown).statusCode())
                .as("releasing in an unknown group creates nothing").isEqualTo(404);
    }

    @Test
    void honoursConfiguredSlotsAndShowsHoldersAndRefusals() {
        var group = group();
        client.ok("PUT", "/api/v1/reboot-groups/" + group, Map.of("slots", 2, "tie", "none"));

        assertThat(preReboot("node-a", group).statusCode()).isEqualTo(200);
        assertThat(preReboot("node-b", group).statusCode()).isEqualTo(200);
        assertError(preReboot("node-c", group), 409, "failed_lock_semaphore_full");

        var view = client.getJson("/api/v1/reboot-groups/" + group);
        assertThat(view.get("slots").asInt()).isEqualTo(2);
        assertThat(view.get("inUse").asInt()).isEqualTo(2);
        assertThat(view.get("holders").findValuesAsString("id")).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(view.get("holders").get(0).get("since").asString()).isNotBlank();
        var refusal = view.get("recentRefusals").get(0);
        assertThat(refusal.get("holderId").asString()).isEqualTo("node-c");
        assertThat(refusal.get("kind").asString()).isEqualTo("failed_lock_semaphore_full");
        var audit = client.getJson("/api/v1/audit?action=reboot-group.configure&targetId=" + group).get("items");
        assertThat(audit.size()).isEqualTo(1);
        var page = client.get("/reboot-groups?name=" + group).body();
        assertThat(page).contains("2 of 2 slot(s) in use", "node-a", "node-b", "failed_lock_semaphore_full")
                .contains("href=\"/reboot-groups\">Reboots</a>");
    }

    @Test
    void keepsOnlyTheLatestRefusalsOfAGroup() {
        var group = group();
        preReboot("holder", group);
        for (var i = 0; i < RebootGroups.KEPT_REFUSALS + 5; i++) {
            preReboot("waiting-" + i, group);
        }

        var refusals = client.getJson("/api/v1/reboot-groups/" + group).get("recentRefusals");
        assertThat(refusals.size()).isEqualTo(RebootGroups.KEPT_REFUSALS);
        assertThat(refusals.findValuesAsString("holderId")).contains("waiting-" + (RebootGroups.KEPT_REFUSALS + 4))
                .doesNotContain("waiting-0", "waiting-4");
    }

    // --- the tie to the rollout ---

    @Test
    void refusesRebootsWhileTheTiedGroupIsPausedWithItsReason() {
        var release = fixture.release("3000.0.0");
        var rebootGroup = release.track();
        client.ok("POST", groupPath(release) + "/pause", Map.of("reason", "kernel panic on 3000.0.0"));

        var refused = preReboot("node-a", rebootGroup);

        assertError(refused, 409, "rollout_paused");
        assertThat(value(refused)).contains("kernel panic on 3000.0.0");
        assertThat(client.getJson("/api/v1/reboot-groups/" + rebootGroup).get("tiedGroups").get(0).get("paused").asBoolean())
                .isTrue();

        client.ok("POST", groupPath(release) + "/resume", Map.of("reason", "fixed"));
        assertThat(preReboot("node-a", rebootGroup).statusCode()).isEqualTo(200);
    }

    @Test
    void ignoresThePauseOfAnUntiedGroup() {
        var release = fixture.release("3000.0.1");
        client.ok("PUT", "/api/v1/reboot-groups/" + release.track(), Map.of("tie", "none"));
        client.ok("POST", groupPath(release) + "/pause", Map.of("reason", "halt"));

        assertThat(preReboot("node-a", release.track()).statusCode()).isEqualTo(200);
    }

    @Test
    void followsAGroupTiedExplicitly() {
        var release = fixture.release("3000.0.2");
        var rebootGroup = group();
        client.ok("PUT", "/api/v1/reboot-groups/" + rebootGroup, Map.of("tie", "group", "tiedGroupId", release.groupId()));
        client.ok("POST", groupPath(release) + "/pause", Map.of("reason", "bad release"));

        assertError(preReboot("node-a", rebootGroup), 409, "rollout_paused");
    }

    @Test
    void refusesRebootsOutsideTheGroupsMaintenanceWindowWhenAsked() {
        // Window: Tuesdays 01:00-03:00 UTC.
        var release = fixture.release("3000.0.3", policy().maintenanceWindows(
                window(List.of(DayOfWeek.TUESDAY), LocalTime.of(1, 0), LocalTime.of(3, 0), "UTC")));
        var rebootGroup = release.track();
        clock.set(Instant.parse("2026-12-07T12:00:00Z")); // a Monday

        assertThat(preReboot("node-a", rebootGroup).statusCode()).as("windows only when asked").isEqualTo(200);
        steadyState("node-a", rebootGroup);
        client.ok("PUT", "/api/v1/reboot-groups/" + rebootGroup, Map.of("windowsOnly", true));
        var refused = preReboot("node-a", rebootGroup);
        assertError(refused, 409, "outside_window");

        clock.set(Instant.parse("2026-12-08T01:30:00Z")); // Tuesday, inside
        assertThat(preReboot("node-a", rebootGroup).statusCode()).isEqualTo(200);
    }

    // --- holders on instances, release, expiry ---

    @Test
    void showsTheLockOnTheInstanceWhoseMachineIdHoldsIt() {
        var release = fixture.release("3000.0.4");
        var machineId = ApiFixture.machineId();
        client.check(OmahaRequests.flatcarNode(release.appId(), machineId, release.track()).check("2999.0.0", ""));

        assertThat(preReboot(machineId, release.track()).statusCode()).isEqualTo(200);

        var locks = client.getJson("/api/v1/instances/" + machineId + "/reboot-locks");
        assertThat(locks.get(0).get("rebootGroup").asString()).isEqualTo(release.track());
        var holder = client.getJson("/api/v1/reboot-groups/" + release.track()).get("holders").get(0);
        assertThat(holder.get("knownInstance").asBoolean()).isTrue();
        assertThat(client.get("/instances/" + machineId).body()).contains("Reboot slots").contains(release.track());
    }

    @Test
    void showsTheLockZincatiTookUnderItsAppSpecificIdOnTheInstance() {
        var release = fixture.release("3000.0.6");
        var machineId = ApiFixture.machineId();
        client.check(OmahaRequests.flatcarNode(release.appId(), machineId, release.track()).check("2999.0.0", ""));

        assertThat(preReboot(ZincatiIds.holderIdOf(machineId).orElseThrow(), release.track()).statusCode()).isEqualTo(200);

        assertThat(client.getJson("/api/v1/instances/" + machineId + "/reboot-locks").get(0).get("rebootGroup").asString())
                .isEqualTo(release.track());
    }

    @Test
    void letsAnAdminReleaseAStuckHolderAndAuditsIt() {
        var group = group();
        preReboot("dead-node", group);

        assertThat(client.send("DELETE", "/api/v1/reboot-groups/" + group + "/holders/dead-node", "").statusCode())
                .isEqualTo(204);

        assertThat(preReboot("next-node", group).statusCode()).isEqualTo(200);
        var audit = client.getJson("/api/v1/audit?action=reboot-lock.release&targetId=" + group).get("items");
        assertThat(audit.size()).isEqualTo(1);
        assertThat(audit.get(0).get("actor").asString()).isEqualTo("admin");
        assertThat(audit.get(0).toString()).contains("dead-node");
        var again = client.send("DELETE", "/api/v1/reboot-groups/" + group + "/holders/dead-node", "");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
    }

    @Test
    void releasesAHolderPastTheMaximumHoldTimeWithAnActivityEntry() {
        var release = fixture.release("3000.0.5");
        var rebootGroup = release.track();
        assertThat(client.ok("PUT", "/api/v1/reboot-groups/" + rebootGroup, Map.of("maxHold", "PT10M")).get("maxHold")
                .asString()).isEqualTo("PT10M");
        assertThat(preReboot("slow-node", rebootGroup).statusCode()).isEqualTo(200);
        assertThat(client.getJson("/api/v1/reboot-groups/" + rebootGroup).get("holders").get(0).get("expiresAt").asString())
                .isNotBlank();

        clock.advance(Duration.ofMinutes(9));
        rebootGroups.expireOverdueHolders();
        assertError(preReboot("other-node", rebootGroup), 409, "failed_lock_semaphore_full");

        clock.advance(Duration.ofMinutes(2));
        assertThat(rebootGroups.expireOverdueHolders()).isGreaterThanOrEqualTo(1);
        assertThat(rebootGroups.expireOverdueHolders()).as("released once").isZero();

        assertThat(preReboot("other-node", rebootGroup).statusCode()).isEqualTo(200);
        var activity = client.getJson("/api/v1/activity?kind=reboot_lock_expired&group=" + release.groupId()).get("items");
        assertThat(activity.size()).isEqualTo(1);
        assertThat(activity.get(0).get("message").asString()).contains("slow-node").contains(rebootGroup);
    }

    @Test
    void documentsTheRebootGroupAndEnrollmentEndpointsInOpenApi() {
        assertThat(client.get("/v3/api-docs").body()).contains("/api/v1/reboot-groups/{name}/holders/{holderId}",
                "/api/v1/instances/{machineId}/reboot-locks", "/api/v1/apps/{app}/groups/{id}/enrollment");
    }

    // --- bounds and configuration errors ---

    @Test
    void createsNoMoreAnonymousGroupsThanTheCap() {
        var existing = group();
        preReboot("node", existing);

        var created = transactions.execute(tx -> store.createAnonymous(group(), 1, 0, Instant.now()));
        var known = transactions.execute(tx -> store.createAnonymous(existing, 1, 0, Instant.now()));

        assertThat(created).as("a new group beyond the cap").isFalse();
        assertThat(known).as("a group that exists already").isTrue();
    }

    @Test
    void forgetsIdleGroupsThatClientsCreatedButKeepsConfiguredAndHeldOnes() {
        var idle = group();
        var held = group();
        var configured = group();
        preReboot("node", idle);
        steadyState("node", idle);
        preReboot("node", held);
        client.ok("PUT", "/api/v1/reboot-groups/" + configured, Map.of("slots", 3));

        clock.advance(Duration.ofDays(31));
        rebootGroups.pruneIdleGroups();

        assertThat(client.get("/api/v1/reboot-groups/" + idle).statusCode()).isEqualTo(404);
        assertThat(client.get("/api/v1/reboot-groups/" + held).statusCode()).isEqualTo(200);
        assertThat(client.get("/api/v1/reboot-groups/" + configured).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesInvalidConfigurationNamingTheField() {
        assertProblemField(client.send("PUT", "/api/v1/reboot-groups/" + group(), Map.of("slots", 0)), "slots");
        assertProblemField(client.send("PUT", "/api/v1/reboot-groups/bad_name", Map.of("slots", 1)), "name");
        assertProblemField(client.send("PUT", "/api/v1/reboot-groups/" + group(), Map.of("tie", "group")), "tiedGroupId");
        assertProblemField(client.send("PUT", "/api/v1/reboot-groups/" + group(), Map.of("tie", "sometimes")), "tie");
        assertProblemField(client.send("PUT", "/api/v1/reboot-groups/" + group(), Map.of("maxHold", "PT1S")), "maxHold");
    }

    @Test
    void countsRefusalsByKindAndSlotsInUse() {
        var group = group();
        preReboot("node-a", group);
        send("/fleetlock/v1/pre-reboot", null, body("node-a", group));

        metrics.refresh();
        var scrape = client.get("/actuator/prometheus").body();

        assertThat(scrape).containsPattern("platte_fleetlock_refusals_total\\{kind=\"missing_header\"[^}]*\\} [1-9]");
        assertThat(scrape).contains("platte_fleetlock_refusals_total{kind=\"rollout_paused\"");
        assertThat(scrape).containsPattern("platte_fleetlock_slots_in_use\\{reboot_group=\"" + group + "\"[^}]*\\} 1");
        assertThat(scrape).containsPattern("platte_fleetlock_slots\\{reboot_group=\"" + group + "\"[^}]*\\} 1");
    }

    // --- helpers ---

    private static String group() {
        return "rg-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String groupPath(ApiFixture.Release release) {
        return "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId();
    }

    static String body(String id, String group) {
        return JSON.writeValueAsString(Map.of("client_params", Map.of("id", id, "group", group)));
    }

    private HttpResponse<String> preReboot(String id, String group) {
        return send("/fleetlock/v1/pre-reboot", "true", body(id, group));
    }

    private HttpResponse<String> steadyState(String id, String group) {
        return send("/fleetlock/v1/steady-state", "true", body(id, group));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(String path, String header, String body) {
        return send(http, uri(path), header, body);
    }

    static HttpResponse<String> send(HttpClient http, URI uri, String header, String body) {
        var request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body));
        if (header != null) {
            request.header("fleet-lock-protocol", header);
        }
        try {
            return http.send(request.build(), BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The error body has exactly the two keys, both non-empty strings. */
    static void assertError(HttpResponse<String> response, int status, String kind) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = PlatteClient.json(response);
        assertThat(json.propertyNames()).containsExactly("kind", "value");
        assertThat(json.get("kind").asString()).isEqualTo(kind);
        assertThat(json.get("value").asString()).isNotBlank();
    }

    private static String value(HttpResponse<String> response) {
        return PlatteClient.json(response).get("value").asString();
    }

    private static void assertProblemField(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }
}
