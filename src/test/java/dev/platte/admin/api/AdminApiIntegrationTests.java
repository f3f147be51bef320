package dev.platte.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.Requests;
import dev.platte.support.ServerTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The admin API through real HTTP and Basic auth, against real PostgreSQL. */
class AdminApiIntegrationTests extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void createsReadsUpdatesAndDeletesAnApplicationByIdOrProductId() {
        var name = ApiFixture.unique("crud");
        var created = client.send("POST", "/api/v1/apps",
                Requests.application(name).description("d").productId("io.example." + name.replace("-", "")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).isPresent();
        var id = PlatteClient.json(created).get("id").asString();

        var productId = "IO.EXAMPLE." + name.replace("-", "").toUpperCase();
        assertThat(client.getJson("/api/v1/apps/" + productId).get("id").asString()).isEqualTo(id);

        var updated = client.ok("PUT", "/api/v1/apps/" + id, Requests.application(name + "-renamed").description("new"));
        assertThat(updated.get("name").asString()).isEqualTo(name + "-renamed");
        assertThat(updated.get("productId").isNull()).isTrue();

        assertThat(client.send("DELETE", "/api/v1/apps/" + id, "").statusCode()).isEqualTo(204);
        assertThat(client.get("/api/v1/apps/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void seedsTheFlatcarApplicationWithChannelsAndGroupsPerArch() {
        var flatcar = "e96281a6-d1af-4bde-9a0a-97b76e56dc57";
        var channels = client.getJson("/api/v1/apps/" + flatcar + "/channels");
        var groups = client.getJson("/api/v1/apps/" + flatcar + "/groups");

        assertThat(channels).hasSize(8);
        assertThat(groups).hasSize(8);
        var tracks = new HashMap<String, Integer>();
        groups.forEach(g -> tracks.merge(g.get("track").asString(), 1, Integer::sum));
        assertThat(tracks).containsOnly(
                Map.entry("stable", 2), Map.entry("beta", 2), Map.entry("alpha", 2), Map.entry("lts", 2));
        assertThat(client.getJson("/api/v1/apps/" + flatcar + "/packages")).isEmpty();
    }

    static Stream<Arguments> invalidPackages() {
        return Stream.of(
                Arguments.of("version", "3815.2"),
                Arguments.of("version", "not-a-version"),
                Arguments.of("sha1", "AAAA"),
                Arguments.of("sha1", "not base64!"),
                Arguments.of("sha256", ApiFixture.SHA1),
                Arguments.of("codebaseUrl", "https://updates.example.com/no-slash"),
                Arguments.of("codebaseUrl", "ftp://updates.example.com/"),
                Arguments.of("arch", "x86"),
                Arguments.of("size", 0),
                Arguments.of("fileName", "../etc/passwd"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidPackages")
    void rejectsAnInvalidPackageWithAProblemNamingTheField(String field, Object value) {
        var app = fixture.application(ApiFixture.unique("bad-pkg"));
        var body = Requests.pkg("3815.2.0").asMap();
        body.put(field, value);

        var response = client.send("POST", "/api/v1/apps/" + app + "/packages", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = PlatteClient.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(fields(problem)).containsExactly(field);
        assertThat(client.getJson("/api/v1/apps/" + app + "/packages")).isEmpty();
    }

    @Test
    void rejectsAnExtraFileWhoseHexHashIsMalformed() {
        var app = fixture.application(ApiFixture.unique("bad-extra"));
        var body = Requests.pkg("3815.2.0").extraFiles(Requests.extraFile("oem-azure.gz", 10, "ABC"));

        var response = client.send("POST", "/api/v1/apps/" + app + "/packages", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(PlatteClient.json(response))).containsExactly("extraFiles[0].sha256Hex");
    }

    @Test
    void rejectsAGroupOnAnUnknownChannel() {
        var app = fixture.application(ApiFixture.unique("bad-group"));

        var response = client.send("POST", "/api/v1/apps/" + app + "/groups",
                Requests.group("g").track("t").channel(UUID.randomUUID().toString()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(PlatteClient.json(response))).containsExactly("channelId");
    }

    @Test
    void rejectsMalformedJsonAndWrongTypesNamingTheField() {
        var app = fixture.application(ApiFixture.unique("bad-json"));

        var garbage = client.send("POST", "/api/v1/apps/" + app + "/channels", "{not json");
        assertThat(garbage.statusCode()).isEqualTo(400);

        var wrongType = client.send("POST", "/api/v1/apps/" + app + "/channels",
                "{\"name\":\"stable\",\"arch\":\"amd64\",\"packageId\":\"not-a-uuid\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(fields(PlatteClient.json(wrongType))).containsExactly("packageId");

        var missing = client.send("POST", "/api/v1/apps/" + app + "/channels", Map.of("arch", "amd64"));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(fields(PlatteClient.json(missing))).containsExactly("name");
    }

    @Test
    void refusesToDeleteAPackageAChannelServes() {
        var release = fixture.release("3815.2.0");

        var response = client.send("DELETE", "/api/v1/apps/" + release.appId() + "/packages/" + release.packageId(), "");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(PlatteClient.json(response).get("detail").asString()).contains("channel");
        assertThat(client.get("/api/v1/apps/" + release.appId() + "/packages/" + release.packageId()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesToDeleteAChannelAGroupFollows() {
        var release = fixture.release("3815.2.0");

        var response = client.send("DELETE", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId(), "");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(client.get("/api/v1/apps/" + release.appId() + "/channels/" + release.channelId()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesADuplicatePackageVersionWithConflict() {
        var app = fixture.application(ApiFixture.unique("dup"));
        fixture.pkg(app, "1.0.0");

        var response = client.send("POST", "/api/v1/apps/" + app + "/packages", Requests.pkg("1.0.0"));

        assertThat(response.statusCode()).isEqualTo(409);
    }

    @Test
    void refusesToPointAChannelAtAPackageOfAnotherArch() {
        var app = fixture.application(ApiFixture.unique("arch"));
        var arm = client.ok("POST", "/api/v1/apps/" + app + "/packages", Requests.pkg("1.0.0").arch("arm64"))
                .get("id").asString();
        var channel = fixture.channel(app, "stable", null);

        var response = client.send("PUT", "/api/v1/apps/" + app + "/channels/" + channel + "/package",
                Map.of("packageId", arm));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(PlatteClient.json(response))).containsExactly("packageId");
    }

    @Test
    void promotesAChannelSoItsGroupIsOfferedTheNewPackage() {
        var release = fixture.release("1.0.0");
        var newer = fixture.pkg(release.appId(), "1.1.0");
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        assertThat(client.check(node.check("1.0.0", "")).value("/response/app/updatecheck/@status"))
                .isEqualTo("noupdate");

        var promoted = client.ok("PUT", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId()
                + "/package", Map.of("packageId", newer));

        assertThat(promoted.get("packageId").asString()).isEqualTo(newer);
        assertThat(client.check(node.check("1.0.0", "")).value("/response/app/updatecheck/manifest/@version"))
                .isEqualTo("1.1.0");
    }

    @Test
    void listsAGroupsInstancesPagedAndFiltered() {
        var release = fixture.release("2.0.0");
        for (int i = 0; i < 3; i++) {
            client.check(OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track())
                    .check("1.0.0", ""));
        }
        var current = ApiFixture.machineId();
        client.check(OmahaRequests.flatcarNode(release.appId(), current, release.track()).check("2.0.0", ""));
        var base = "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/instances";

        var page = client.getJson(base + "?size=2");
        assertThat(page.get("totalItems").asInt()).isEqualTo(4);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("totalPages").asInt()).isEqualTo(2);

        assertThat(client.getJson(base + "?status=granted").get("totalItems").asInt()).isEqualTo(3);
        var onVersion = client.getJson(base + "?version=2.0.0");
        assertThat(onVersion.get("totalItems").asInt()).isEqualTo(1);
        assertThat(onVersion.get("items").get(0).get("machineId").asString()).isEqualTo(current);

        assertThat(fields(PlatteClient.json(client.get(base + "?status=bogus")))).containsExactly("status");
        assertThat(client.get(base + "?sort=nonsense").statusCode()).isEqualTo(400);
    }

    @Test
    void answersNotFoundAsAProblem() {
        var response = client.get("/api/v1/apps/" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(PlatteClient.json(response).get("title").asString()).isEqualTo("Not found");
        assertThat(client.get("/api/v1/instances/unknown-machine").statusCode()).isEqualTo(404);
    }

    @Test
    void requiresAuthenticationForTheApiButNotForNodesOrHealth() {
        assertThat(client.getAnonymously("/api/v1/apps").statusCode()).isEqualTo(401);
        assertThat(new PlatteClient(port, IntegrationTest.ADMIN, "wrong").get("/api/v1/apps").statusCode())
                .isEqualTo(401);
        assertThat(client.getAnonymously("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(client.getAnonymously("/").statusCode()).isIn(302, 401);
        assertThat(client.omaha(OmahaRequests.flatcarNode(UUID.randomUUID().toString(), ApiFixture.machineId(), "stable")
                .ping("1.0.0")).statusCode()).isEqualTo(200);
    }

    @Test
    void publishesAnOpenApiDocument() {
        var doc = client.getJson("/v3/api-docs");

        assertThat(doc.get("openapi").asString()).startsWith("3.");
        assertThat(doc.get("paths").has("/api/v1/apps/{app}/packages")).isTrue();
    }

    @Test
    void documentsTheApplicationOfAPathAsItsPathParameter() {
        var parameters = client.getJson("/v3/api-docs").get("paths").get("/api/v1/apps/{app}/channels/{id}").get("get")
                .get("parameters");

        var names = new java.util.ArrayList<String>();
        parameters.forEach(parameter -> names.add(parameter.get("in").asString() + ":" + parameter.get("name").asString()));
        assertThat(names).containsExactlyInAnyOrder("path:app", "path:id");
    }

    @Test
    void leavesNothingHalfWrittenWhenAGroupIsRejected() {
        var app = fixture.application(ApiFixture.unique("atomic"));
        var before = jdbc.queryForObject("select count(*) from update_group", Long.class);

        var response = client.send("POST", "/api/v1/apps/" + app + "/groups",
                Requests.group("g").track("t").policy(Requests.policy().maxUpdatesPerPeriod(-1)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(PlatteClient.json(response))).containsExactly("policy.maxUpdatesPerPeriod");
        assertThat(jdbc.queryForObject("select count(*) from update_group", Long.class)).isEqualTo(before);
    }

    private static java.util.List<String> fields(JsonNode problem) {
        var result = new java.util.ArrayList<String>();
        if (problem.has("errors")) {
            problem.get("errors").forEach(e -> result.add(e.get("field").asString()));
        }
        return result;
    }
}
