package dev.platte.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.MutableClock;
import dev.platte.support.PlatteClient;
import dev.platte.support.Requests;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Local users, API tokens, optimistic concurrency and the audit trail of every kind of change. */
class AccountsAndAuditIntegrationTests extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void issuesATokenOnceStoresOnlyItsHashAndRecordsItsUse() throws Exception {
        var name = ApiFixture.unique("pipeline");
        var issued = client.ok("POST", "/api/v1/tokens", Map.of("name", name, "role", "admin"));
        var secret = issued.get("secret").asString();
        var id = issued.get("token").get("id").asString();

        assertThat(secret).startsWith("platte_");
        assertThat(jdbc.queryForObject("select token_hash from api_token where id = ?::uuid", String.class, id))
                .hasSize(64).doesNotContain(secret);
        assertThat(client.getJson("/api/v1/tokens").toString()).doesNotContain(secret);

        var created = bearer("POST", "/api/v1/apps", secret, "{\"name\":\"" + ApiFixture.unique("by-token") + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        var token = tokenNamed(name);
        assertThat(token.get("lastUsedAt").isNull()).isFalse();
        var appId = PlatteClient.json(created).get("id").asString();
        var entry = auditFor("application", appId).getFirst();
        assertThat(entry.get("actor").asString()).isEqualTo("token:" + name);
        assertThat(entry.get("action").asString()).isEqualTo("application.create");

        client.ok("DELETE", "/api/v1/tokens/" + id, "");
        assertThat(bearer("GET", "/api/v1/apps", secret, null).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesAnExpiredTokenAndLimitsAViewerTokenToReading() throws Exception {
        var issued = client.ok("POST", "/api/v1/tokens", Map.of("name", ApiFixture.unique("ci"), "role", "viewer",
                "expiresAt", Instant.now().plus(Duration.ofHours(1)).toString()));
        var secret = issued.get("secret").asString();

        assertThat(bearer("GET", "/api/v1/apps", secret, null).statusCode()).isEqualTo(200);
        assertThat(bearer("POST", "/api/v1/apps", secret, "{\"name\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(bearer("GET", "/api/v1/apps", "platte_made-up", null).statusCode()).isEqualTo(401);

        clock.advance(Duration.ofHours(2));

        assertThat(bearer("GET", "/api/v1/apps", secret, null).statusCode()).isEqualTo(401);
        assertThat(client.send("POST", "/api/v1/tokens", Map.of("name", "late", "role", "viewer",
                "expiresAt", Instant.now().minusSeconds(5).toString())).statusCode()).isEqualTo(400);
    }

    @Test
    void managesLocalUsersWithHashedPasswordsAndKeepsTheLastAdmin() {
        var name = ApiFixture.unique("sre");
        client.ok("POST", "/api/v1/users", Map.of("username", name, "password", "correct horse battery", "role", "viewer"));
        var viewer = new PlatteClient(port, name, "correct horse battery");

        assertThat(viewer.get("/api/v1/apps").statusCode()).isEqualTo(200);
        assertThat(viewer.send("POST", "/api/v1/apps", Requests.application("nope")).statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select password_hash from user_account where username = ?", String.class, name))
                .startsWith("{bcrypt}");
        assertThat(client.send("POST", "/api/v1/users", Map.of("username", name + "2", "password", "short", "role",
                "viewer")).statusCode()).isEqualTo(400);

        client.ok("PUT", "/api/v1/users/" + name, Map.of("role", "admin"));
        assertThat(viewer.send("POST", "/api/v1/apps", Requests.application(ApiFixture.unique("now-admin"))).statusCode())
                .isEqualTo(201);
        client.ok("DELETE", "/api/v1/users/" + name, "");
        assertThat(viewer.get("/api/v1/apps").statusCode()).isEqualTo(401);

        var admins = jdbc.queryForObject("select count(*) from user_account where role = 'admin'", Integer.class);
        if (admins == 1) {
            assertThat(client.send("DELETE", "/api/v1/users/" + IntegrationTest.ADMIN, "").statusCode()).isEqualTo(409);
            assertThat(client.send("PUT", "/api/v1/users/" + IntegrationTest.ADMIN, Map.of("role", "viewer"))
                    .statusCode()).isEqualTo(409);
        }
        var actions = auditFor("user", name).stream().map(e -> e.get("action").asString()).toList();
        assertThat(actions).containsExactly("user.delete", "user.update", "user.create");
        assertThat(auditFor("user", name).get(1).get("after").get("role").asString()).isEqualTo("admin");
        assertThat(auditFor("user", name).get(1).toString()).doesNotContain("correct horse");
    }

    @Test
    void refusesAnEditBasedOnAStaleReadOfAGroup() throws Exception {
        var release = fixture.release("2.0.0");
        var path = "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId();
        var read = client.get(path);
        var etag = read.headers().firstValue("ETag").orElseThrow();
        var group = Requests.group("Stable").track(release.track()).channel(release.channelId());

        var first = withIfMatch("PUT", path, etag, group.policy(Requests.policy().maxUpdatesPerPeriod(5)));
        var second = withIfMatch("PUT", path, etag, group.policy(Requests.policy().maxUpdatesPerPeriod(50)));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(second.statusCode()).isEqualTo(412);
        assertThat(PlatteClient.json(second).get("detail").asString()).contains("changed by someone else");
        assertThat(client.getJson(path).get("policy").get("maxUpdatesPerPeriod").asInt()).isEqualTo(5);
    }

    @Test
    void refusesAPromotionBasedOnAStaleReadOfAChannel() throws Exception {
        var release = fixture.release("2.0.0");
        var path = "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId();
        var etag = client.get(path).headers().firstValue("ETag").orElseThrow();
        var first = fixture.pkg(release.appId(), "2.1.0");
        var second = fixture.pkg(release.appId(), "2.2.0");

        assertThat(withIfMatch("PUT", path + "/package", etag, Map.of("packageId", first)).statusCode()).isEqualTo(200);
        assertThat(withIfMatch("PUT", path + "/package", etag, Map.of("packageId", second)).statusCode())
                .isEqualTo(412);
    }

    @Test
    void recordsEveryKindOfChangeWithActorAndBeforeAndAfter() {
        var release = fixture.release("2.0.0");
        var groupPath = "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId();
        var newer = fixture.pkg(release.appId(), "2.1.0");
        client.ok("PUT", groupPath, Requests.group("Stable").track(release.track()).channel(release.channelId())
                .policy(Requests.policy().maxConcurrentUpdates(3)));
        client.ok("POST", groupPath + "/pause", Map.of("reason", "investigating"));
        client.ok("POST", groupPath + "/resume", Map.of("reason", "fine"));
        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/package",
                Map.of("packageId", newer));
        client.ok("POST", "/api/v1/apps/" + release.appId() + "/packages/" + release.packageId() + "/revoke",
                Map.of("reason", "superseded"));

        var groupActions = auditFor("group", release.groupId()).stream().map(e -> e.get("action").asString()).toList();
        assertThat(groupActions).containsExactly("group.resume", "group.pause", "group.update", "group.create");
        var update = auditFor("group", release.groupId()).get(2);
        assertThat(update.get("actor").asString()).isEqualTo(IntegrationTest.ADMIN);
        assertThat(update.get("before").get("policy").get("maxConcurrentUpdates").isNull()).isTrue();
        assertThat(update.get("after").get("policy").get("maxConcurrentUpdates").asInt()).isEqualTo(3);
        assertThat(auditFor("channel", release.channelId()).getFirst().get("action").asString())
                .isEqualTo("channel.promote");
        assertThat(auditFor("package", release.packageId()).getFirst().get("action").asString())
                .isEqualTo("package.revoke");
        assertThat(auditFor("application", release.appId()).getFirst().get("action").asString())
                .isEqualTo("application.create");
        var byActor = client.getJson("/api/v1/audit?actor=" + IntegrationTest.ADMIN + "&action=group.pause&size=1");
        assertThat(byActor.get("totalItems").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void recordsCatalogCreationsEditsAndDeletions() {
        var app = fixture.application(ApiFixture.unique("audited"));
        var pkg = fixture.pkg(app, "1.0.0");
        var floorPkg = fixture.pkg(app, "0.9.0");
        var channel = fixture.channel(app, "edge", null);
        var group = fixture.group(app, "Edge", ApiFixture.unique("t"), channel);
        var base = "/api/v1/apps/" + app;
        client.ok("PUT", base + "/packages/" + pkg, Requests.pkg("1.0.0").description("rebuilt"));
        client.ok("PUT", base + "/channels/" + channel, Requests.channel("edge").pkg(pkg));
        client.ok("POST", base + "/channels/" + channel + "/floors", Map.of("packageId", floorPkg));
        client.ok("DELETE", base + "/channels/" + channel + "/floors/" + floorPkg, "");
        client.ok("DELETE", base + "/groups/" + group, "");
        client.ok("PUT", base + "/channels/" + channel, Requests.channel("edge"));
        client.ok("DELETE", base + "/channels/" + channel, "");
        client.ok("DELETE", base + "/packages/" + floorPkg, "");
        client.ok("PUT", base, Map.of("name", ApiFixture.unique("renamed")));
        client.ok("DELETE", base, "");

        assertThat(actions("package", pkg)).containsExactly("package.update", "package.create");
        assertThat(actions("package", floorPkg)).containsExactly("package.delete", "package.create");
        assertThat(actions("channel", channel)).containsExactly("channel.delete", "channel.update",
                "channel.floor.remove", "channel.floor.add", "channel.update", "channel.create");
        assertThat(actions("group", group)).containsExactly("group.delete", "group.create");
        assertThat(actions("application", app)).containsExactly("application.delete", "application.update",
                "application.create");
        var packageUpdate = auditFor("package", pkg).getFirst();
        assertThat(packageUpdate.get("before").get("description").asString()).isEmpty();
        assertThat(packageUpdate.get("after").get("description").asString()).isEqualTo("rebuilt");
        assertThat(auditFor("application", app).getFirst().get("after").isNull()).isTrue();
    }

    private List<String> actions(String type, String id) {
        return auditFor(type, id).stream().map(e -> e.get("action").asString()).toList();
    }

    @Test
    void offersNoWayToChangeTheAuditTrail() {
        assertThat(client.send("DELETE", "/api/v1/audit", "").statusCode()).isIn(404, 405);
        assertThat(client.send("PUT", "/api/v1/audit", "{}").statusCode()).isIn(404, 405);
        assertThat(client.send("POST", "/api/v1/audit", "{}").statusCode()).isIn(404, 405);
    }

    private JsonNode tokenNamed(String name) {
        for (var token : client.getJson("/api/v1/tokens")) {
            if (token.get("name").asString().equals(name)) {
                return token;
            }
        }
        throw new AssertionError("no token " + name);
    }

    /** Newest first. */
    private List<JsonNode> auditFor(String type, String id) {
        var items = new ArrayList<JsonNode>();
        client.getJson("/api/v1/audit?targetType=" + type + "&targetId=" + id).get("items").forEach(items::add);
        return items;
    }

    private HttpResponse<String> bearer(String method, String path, String secret, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, BodyHandlers.ofString());
    }

    private HttpResponse<String> withIfMatch(String method, String path, String etag, Object body) throws Exception {
        var json = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (IntegrationTest.ADMIN + ":" + IntegrationTest.PASSWORD).getBytes()))
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, BodyHandlers.ofString());
    }
}
