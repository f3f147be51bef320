package dev.platte.admin.declarative;

import static dev.platte.support.Requests.application;
import static dev.platte.support.Requests.group;
import static dev.platte.support.Requests.policy;
import static dev.platte.support.Requests.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.PlatteClient;
import dev.platte.support.ServerTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Export, plan and apply of configuration documents through HTTP, and the configuration file. */
class ConfigAsCodeIntegrationTests extends ServerTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String YAML_TYPE = "application/yaml";
    private static final String JSON_TYPE = "application/json";

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConfigFileLoader loader;

    @Autowired
    LockProvider lockProvider;

    /** An application with packages, two channels, a floor, revocations and two groups, one with every policy. */
    private record Catalog(String appId, String name, String productId) {}

    private Catalog catalog() {
        var name = ApiFixture.unique("cfg");
        var productId = "io.platte.cfg." + name.replace("-", "");
        var app = client.ok("POST", "/api/v1/apps", application(name).description("configured").productId(productId))
                .get("id").asString();
        var packages = new HashMap<String, String>();
        for (var version : List.of("3000.0.0", "3050.0.0", "3100.0.0", "3200.0.0")) {
            packages.put(version, fixture.pkg(app, version));
        }
        var stable = fixture.channel(app, "stable", packages.get("3200.0.0"));
        var beta = fixture.channel(app, "beta", packages.get("3200.0.0"));
        client.ok("POST", "/api/v1/apps/" + app + "/channels/" + stable + "/floors",
                Map.of("packageId", packages.get("3100.0.0"), "reason", "cgroup v2 migration"));
        client.ok("POST", "/api/v1/apps/" + app + "/packages/" + packages.get("3000.0.0") + "/revoke",
                Map.of("reason", "corrupts /usr"));
        client.ok("POST", "/api/v1/apps/" + app + "/packages/" + packages.get("3050.0.0") + "/revoke",
                Map.of("reason", "breaks beta nodes", "channelId", beta));
        fixture.group(app, group("Stable").track(ApiFixture.unique("stable")).channel(stable).policy(policy()
                .updatesEnabled(true)
                .safeMode()
                .maxUpdates(50, Duration.ofHours(1))
                .maxConcurrentUpdates(5)
                .updateTimeout(Duration.ofHours(2))
                .pollIntervalSeconds(3600)
                .ramp(10, Duration.ofHours(24))
                .autoHalt(3, 20, 10)
                .maintenanceWindows(window(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY), LocalTime.of(2, 0),
                        LocalTime.of(4, 0), "Europe/Berlin"))));
        fixture.group(app, "Beta", ApiFixture.unique("beta"), beta);
        return new Catalog(app, name, productId);
    }

    @Test
    void exportsAnApplicationAsAVersionedYamlDocumentOrderedByNaturalKeys() {
        var catalog = catalog();

        var response = call("GET", "/api/v1/config?app=" + catalog.appId(), null, null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(YAML_TYPE));
        assertThat(response.headers().firstValue("ETag")).isPresent();
        var document = YAML.readTree(response.body());
        assertThat(document.get("apiVersion").asString()).isEqualTo("platte.dev/v1");
        assertThat(document.get("kind").asString()).isEqualTo("PlatteConfig");
        var app = document.get("applications").get(0);
        assertThat(app.get("productId").asString()).isEqualTo(catalog.productId());
        assertThat(app.get("packages").valueStream().map(p -> p.get("version").asString()))
                .containsExactly("3000.0.0", "3050.0.0", "3100.0.0", "3200.0.0");
        assertThat(app.get("packages").get(0).get("extraFiles").get(0).get("name").asString()).isEqualTo("oem-azure.gz");
        assertThat(app.get("channels").valueStream().map(c -> c.get("name").asString())).containsExactly("beta", "stable");
        var stable = app.get("channels").get(1);
        assertThat(stable.get("package").asString()).isEqualTo("3200.0.0");
        assertThat(stable.get("floors").get(0).get("version").asString()).isEqualTo("3100.0.0");
        assertThat(app.get("channels").get(0).get("revocations").get(0).get("version").asString()).isEqualTo("3050.0.0");
        assertThat(app.get("revocations").get(0).get("version").asString()).isEqualTo("3000.0.0");
        assertThat(app.get("groups").valueStream().map(g -> g.get("name").asString())).containsExactly("Beta", "Stable");
        var policy = app.get("groups").get(1).get("policy");
        assertThat(policy.get("pollIntervalSeconds").asInt()).isEqualTo(3600);
        assertThat(policy.get("ramp").get("duration").asString()).isEqualTo("PT24H");
        assertThat(policy.get("maintenanceWindows").get(0).get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(call("GET", "/api/v1/config?app=" + catalog.appId(), null, null, null).body())
                .as("the same state gives the same bytes").isEqualTo(response.body());
    }

    @Test
    void plansNoChangeForTheExportOfTheWholeServer() {
        catalog();
        var export = call("GET", "/api/v1/config", null, null, null);

        var plan = call("POST", "/api/v1/config/plan?prune=true", YAML_TYPE, export.body(), null);

        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        assertThat(PlatteClient.json(plan).get("changes").isEmpty()).as(plan.body()).isTrue();
    }

    @Test
    void recreatesAnExportedApplicationUnderNewNamesAndExportsTheSameDocument() {
        var catalog = catalog();
        var original = exportYaml(catalog.appId());
        var copyName = ApiFixture.unique("copy");
        var copyProductId = "io.platte.cfg." + copyName.replace("-", "");
        var copy = renamed(original, copyName, copyProductId);

        var applied = call("POST", "/api/v1/config/apply", YAML_TYPE, YAML.writeValueAsString(copy), null);

        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        var outcome = PlatteClient.json(applied);
        assertThat(outcome.get("changeSet").isNull()).isFalse();
        assertThat(outcome.get("summary").get("create").asInt()).isEqualTo(1 + 4 + 2 + 1 + 2 + 2);
        var exported = exportYaml(copyProductId);
        assertThat(withoutAppId(exported)).isEqualTo(withoutAppId(copy));
        var again = PlatteClient.json(call("POST", "/api/v1/config/plan", YAML_TYPE, YAML.writeValueAsString(copy), null));
        assertThat(again.get("changes").isEmpty()).as(again.toString()).isTrue();
    }

    @Test
    void plansExactlyTheChangedFieldsAndChangesNothing() {
        var catalog = catalog();
        var before = exportYaml(catalog.appId());
        var edited = before.deepCopy();
        var app = (ObjectNode) edited.get("applications").get(0);
        ((ObjectNode) app.get("groups").get(1).get("policy")).put("pollIntervalSeconds", 7200);
        ((ObjectNode) app.get("channels").get(0)).put("package", "3100.0.0");

        var response = call("POST", "/api/v1/config/plan", YAML_TYPE, YAML.writeValueAsString(edited), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var plan = PlatteClient.json(response);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + plan.get("planId").asString() + "\"");
        var changes = plan.get("changes");
        assertThat(changes.size()).as(changes.toString()).isEqualTo(2);
        assertThat(changes.get(0).get("action").asString()).isEqualTo("update");
        assertThat(changes.get(0).get("kind").asString()).isEqualTo("channel");
        assertThat(changes.get(0).get("key").asString()).isEqualTo("beta amd64");
        assertThat(changes.get(0).get("fields").toString())
                .isEqualTo("[{\"field\":\"package\",\"from\":\"3200.0.0\",\"to\":\"3100.0.0\"}]");
        assertThat(changes.get(1).get("kind").asString()).isEqualTo("group");
        assertThat(changes.get(1).get("key").asString()).isEqualTo("Stable");
        assertThat(changes.get(1).get("fields").toString())
                .isEqualTo("[{\"field\":\"policy.pollIntervalSeconds\",\"from\":3600,\"to\":7200}]");
        assertThat(exportYaml(catalog.appId())).as("a plan changes nothing").isEqualTo(before);
    }

    @Test
    void refusesADocumentWithOneInvalidGroupNamingTheFieldAndChangesNothing() {
        var catalog = catalog();
        var before = exportYaml(catalog.appId());
        var edited = before.deepCopy();
        var app = (ObjectNode) edited.get("applications").get(0);
        ((ObjectNode) app.get("packages").get(0)).put("description", "changed in the same document");
        ((ObjectNode) app.get("groups").get(0)).put("description", "also changed");
        ((ObjectNode) app.get("groups").get(1).get("policy")).put("pollIntervalSeconds", 5);
        var revisionBefore = revision();

        var response = call("POST", "/api/v1/config/apply", YAML_TYPE, YAML.writeValueAsString(edited), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        var problem = PlatteClient.json(response);
        assertThat(problem.get("errors").get(0).get("field").asString())
                .isEqualTo("applications[0].groups[1].policy.pollIntervalSeconds");
        assertThat(exportYaml(catalog.appId())).isEqualTo(before);
        assertThat(revision()).as("nothing was written").isEqualTo(revisionBefore);
    }

    @Test
    void refusesShapeErrorsAndUnknownFieldsWithTheirPathInTheDocument() {
        var catalog = catalog();
        var edited = exportYaml(catalog.appId()).deepCopy();
        var policy = (ObjectNode) edited.get("applications").get(0).get("groups").get(0).get("policy");
        policy.put("maxUpdatesPerPeriod", 0);

        ((ObjectNode) edited.get("applications").get(0).get("channels").get(0)).put("arch", "s390x");
        var shape = PlatteClient.json(call("POST", "/api/v1/config/plan", YAML_TYPE, YAML.writeValueAsString(edited), null));
        ((ObjectNode) edited.get("applications").get(0).get("channels").get(0)).put("arch", "amd64");
        policy.remove("maxUpdatesPerPeriod");
        policy.put("pollIntervalSecs", 7200);
        var unknown = PlatteClient.json(call("POST", "/api/v1/config/plan", YAML_TYPE, YAML.writeValueAsString(edited), null));
        var version = PlatteClient.json(call("POST", "/api/v1/config/plan", YAML_TYPE,
                "apiVersion: platte.dev/v0\nkind: PlatteConfig\napplications: []\n", null));

        assertThat(shape.get("errors").valueStream().map(e -> e.get("field").asString())).containsExactly(
                "applications[0].channels[0].arch", "applications[0].groups[0].policy.maxUpdatesPerPeriod");
        assertThat(unknown.get("errors").get(0).get("field").asString())
                .isEqualTo("applications[0].groups[0].policy.pollIntervalSecs");
        assertThat(version.get("errors").get(0).get("field").asString()).isEqualTo("apiVersion");
    }

    @Test
    void applyingTheSameDocumentTwiceChangesNothingTheSecondTime() {
        var catalog = catalog();
        var edited = exportYaml(catalog.appId()).deepCopy();
        ((ObjectNode) edited.get("applications").get(0).get("groups").get(0)).put("description", "declared");
        var body = YAML.writeValueAsString(edited);
        var first = PlatteClient.json(call("POST", "/api/v1/config/apply", YAML_TYPE, body, null));
        var lastAudit = lastAuditId();
        var revision = revision();

        var second = call("POST", "/api/v1/config/apply", YAML_TYPE, body, null);

        assertThat(first.get("changes").size()).isEqualTo(1);
        assertThat(second.statusCode()).isEqualTo(200);
        var outcome = PlatteClient.json(second);
        assertThat(outcome.get("changes").isEmpty()).isTrue();
        assertThat(outcome.get("changeSet").isNull()).isTrue();
        assertThat(lastAuditId()).as("no audit entry").isEqualTo(lastAudit);
        assertThat(revision()).as("no write").isEqualTo(revision);
        var audit = client.getJson("/api/v1/audit?action=config.apply&targetId=" + first.get("changeSet").asString());
        assertThat(audit.get("totalItems").asInt()).isEqualTo(1);
    }

    @Test
    void refusesAnApplyWhenTheServerChangedSinceThePlanAndKeepsTheOtherChange() {
        var catalog = catalog();
        var edited = exportYaml(catalog.appId()).deepCopy();
        ((ObjectNode) edited.get("applications").get(0).get("groups").get(1).get("policy")).put("maxConcurrentUpdates", 9);
        var body = YAML.writeValueAsString(edited);
        var plan = call("POST", "/api/v1/config/plan", YAML_TYPE, body, null);
        var planId = plan.headers().firstValue("ETag").orElseThrow();
        var groups = client.getJson("/api/v1/apps/" + catalog.appId() + "/groups");
        var beta = groups.get(0);
        client.ok("PUT", "/api/v1/apps/" + catalog.appId() + "/groups/" + beta.get("id").asString(),
                group("Beta").track(beta.get("track").asString()).channel(beta.get("channelId").asString())
                        .description("edited on the dashboard meanwhile"));

        var stale = call("POST", "/api/v1/config/apply", YAML_TYPE, body, planId);

        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        assertThat(client.getJson("/api/v1/apps/" + catalog.appId() + "/groups/" + beta.get("id").asString())
                .get("description").asString()).isEqualTo("edited on the dashboard meanwhile");
        var replanned = call("POST", "/api/v1/config/plan", YAML_TYPE, body, null);
        assertThat(PlatteClient.json(replanned).get("changes").toString())
                .contains("edited on the dashboard meanwhile").contains("maxConcurrentUpdates");
        var fresh = call("POST", "/api/v1/config/apply", YAML_TYPE, body, replanned.headers().firstValue("ETag").orElseThrow());
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
    }

    @Test
    void letsOnlyOneOfTwoConcurrentAppliesOfOnePlanThrough() throws Exception {
        var catalog = catalog();
        var base = exportYaml(catalog.appId());
        var first = base.deepCopy();
        ((ObjectNode) first.get("applications").get(0).get("groups").get(0)).put("description", "first");
        var second = base.deepCopy();
        ((ObjectNode) second.get("applications").get(0).get("groups").get(0)).put("description", "second");
        var planId = call("POST", "/api/v1/config/plan", YAML_TYPE, YAML.writeValueAsString(first), null)
                .headers().firstValue("ETag").orElseThrow();

        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = executor.submit(() -> call("POST", "/api/v1/config/apply", YAML_TYPE, YAML.writeValueAsString(first), planId));
            var b = executor.submit(() -> call("POST", "/api/v1/config/apply", YAML_TYPE, YAML.writeValueAsString(second), planId));
            var statuses = List.of(a.get().statusCode(), b.get().statusCode());

            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            var winner = a.get().statusCode() == 200 ? "first" : "second";
            assertThat(client.getJson("/api/v1/apps/" + catalog.appId() + "/groups").get(0).get("description").asString())
                    .isEqualTo(winner);
        }
    }

    @Test
    void leavesTheConfigurationFileToTheReplicaHoldingTheLock(@TempDir Path directory) throws Exception {
        var name = ApiFixture.unique("locked");
        var file = directory.resolve("platte.yaml");
        Files.writeString(file, "apiVersion: platte.dev/v1\nkind: PlatteConfig\napplications:\n- name: " + name + "\n");

        var otherReplica = lockProvider.lock(new LockConfiguration(ClockProvider.now(), ConfigFileLoader.LOCK,
                Duration.ofMinutes(1), Duration.ZERO)).orElseThrow();
        assertThat(loader.load(file, false)).isEqualTo(ConfigFileLoader.Result.BUSY);
        otherReplica.unlock();
        assertThat(loader.load(file, false)).isEqualTo(ConfigFileLoader.Result.APPLIED);
        assertThat(client.getJson("/api/v1/apps").valueStream().map(a -> a.get("name").asString())).contains(name);
    }

    @Test
    void deletesWhatTheDocumentDoesNotListOnlyWithPrune() {
        var catalog = catalog();
        var edited = exportYaml(catalog.appId()).deepCopy();
        var app = (ObjectNode) edited.get("applications").get(0);
        app.withArray("groups").remove(0);
        app.withArray("channels").remove(0);
        app.withArray("packages").remove(0);
        app.remove("revocations");
        var body = YAML.writeValueAsString(edited);

        var withoutPrune = PlatteClient.json(call("POST", "/api/v1/config/plan", YAML_TYPE, body, null));
        var plan = PlatteClient.json(call("POST", "/api/v1/config/plan?prune=true", YAML_TYPE, body, null));
        var applied = call("POST", "/api/v1/config/apply?prune=true", YAML_TYPE, body, null);

        assertThat(withoutPrune.get("changes").isEmpty()).as(withoutPrune.toString()).isTrue();
        assertThat(plan.get("changes").valueStream()
                .map(c -> c.get("action").asString() + " " + c.get("kind").asString() + " " + c.get("key").asString()))
                .containsExactly("delete package 3000.0.0 amd64", "delete channel beta amd64",
                        "delete revocation 3000.0.0 amd64", "delete revocation beta amd64 3050.0.0", "delete group Beta");
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(client.getJson("/api/v1/apps/" + catalog.appId() + "/groups").valueStream()
                .map(g -> g.get("name").asString())).containsExactly("Stable");
        assertThat(client.getJson("/api/v1/apps/" + catalog.appId() + "/channels").valueStream()
                .map(c -> c.get("name").asString())).containsExactly("stable");
        assertThat(withoutAppId(exportYaml(catalog.appId()))).isEqualTo(withoutAppId(edited));
    }

    @Test
    void exportsAndAppliesJsonAsWellAsYaml() {
        var catalog = catalog();
        var response = call("GET", "/api/v1/config?app=" + catalog.productId(), null, null, null, JSON_TYPE);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(JSON_TYPE));
        var document = (ObjectNode) JSON.readTree(response.body());
        ((ObjectNode) document.get("applications").get(0).get("groups").get(0)).put("track", ApiFixture.unique("moved"));

        var applied = call("POST", "/api/v1/config/apply", JSON_TYPE, JSON.writeValueAsString(document), null);

        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(PlatteClient.json(applied).get("changes").get(0).get("fields").get(0).get("field").asString())
                .isEqualTo("track");
        assertThat(withoutAppId(exportYaml(catalog.appId()))).isEqualTo(withoutAppId(document));
    }

    @Test
    void appliesTheConfigurationFileOnceAndReportsABrokenOneWithoutFailing(@TempDir Path directory) throws IOException {
        var catalog = catalog();
        var name = ApiFixture.unique("file");
        var productId = "io.platte.cfg." + name.replace("-", "");
        var file = directory.resolve("platte.yaml");
        Files.writeString(file, YAML.writeValueAsString(renamed(exportYaml(catalog.appId()), name, productId)));

        var first = loader.load(file, false);
        var second = loader.load(file, false);
        Files.writeString(file, "apiVersion: platte.dev/v1\nkind: PlatteConfig\napplications:\n  - name: ''\n");
        var broken = loader.load(file, false);

        assertThat(first).isEqualTo(ConfigFileLoader.Result.APPLIED);
        assertThat(second).isEqualTo(ConfigFileLoader.Result.UNCHANGED);
        assertThat(broken).isEqualTo(ConfigFileLoader.Result.FAILED);
        assertThat(client.getJson("/api/v1/apps/" + productId).get("name").asString()).isEqualTo(name);
        var audit = client.getJson("/api/v1/audit?action=config.apply&actor=" + ConfigFileLoader.ACTOR);
        assertThat(audit.get("totalItems").asInt()).isGreaterThanOrEqualTo(1);
        var failures = client.getJson("/api/v1/activity?kind=config_failed&size=500");
        assertThat(failures.get("items").valueStream().map(a -> a.get("message").asString())
                .filter(m -> m.contains(file.toString())))
                .singleElement().asString().contains("applications[0].name");
    }

    @Test
    void describesExportPlanAndApplyWithBothFormatsInTheOpenApiDocument() {
        var paths = client.getJson("/v3/api-docs").get("paths");

        assertThat(paths.get("/api/v1/config").get("get").get("responses").get("200").get("content").propertyNames())
                .contains(YAML_TYPE, JSON_TYPE);
        for (var path : List.of("/api/v1/config/plan", "/api/v1/config/apply")) {
            assertThat(paths.get(path).get("post").get("requestBody").get("content").propertyNames())
                    .as(path).contains(YAML_TYPE, JSON_TYPE);
        }
    }

    /** An application with a group that has a gate, alert matchers, a webhook of its own and private payloads. */
    private record Guarded(String appId, String productId, String groupId, String webhook) {}

    private Guarded guarded() {
        var name = ApiFixture.unique("guard");
        var app = fixture.application(name);
        var productId = "io.platte.test." + name.replace("-", "");
        var channel = fixture.channel(app, "stable", fixture.pkg(app, "4000.0.0"));
        var group = fixture.group(app, "Stable", ApiFixture.unique("stable"), channel);
        var groupPath = "/api/v1/apps/" + app + "/groups/" + group;
        client.ok("POST", groupPath + "/gates", Map.of("name", "error-rate",
                "query", "sum(rate(errors_total{group=\"{{group}}\"}[5m]))", "threshold", 0.05,
                "consecutiveEvaluations", 3, "interval", "PT30S", "soak", "PT1H", "onUnknown", "ignore"));
        client.ok("PUT", groupPath + "/alerts", Map.of("matchers", Map.of("team", "storage", "severity", "page"),
                "resumeOnResolve", true));
        client.ok("PUT", "/api/v1/apps/" + app + "/payload-access", Map.of("credentialsRequired", true));
        var webhook = ApiFixture.unique("hook");
        client.ok("POST", "/api/v1/webhooks", Map.of("name", webhook, "url", "http://127.0.0.1:9/hook",
                "secret", "a-secret-of-sixteen-or-more", "events", List.of("group.paused", "rollout.started"),
                "applicationId", app, "groupId", group, "format", "slack"));
        return new Guarded(app, productId, group, webhook);
    }

    @Autowired
    org.springframework.core.env.ConfigurableEnvironment environment;

    /** A secret the server finds under {@code platte.config.secrets.<name>}, set without a new Spring context. */
    private String secretProperty(String value) {
        var property = SecretReferences.PROPERTY_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource(
                "test-" + property, Map.of(property, value)));
        return property;
    }

    private void changeSecretProperty(String property, String value) {
        environment.getPropertySources().replace("test-" + property,
                new org.springframework.core.env.MapPropertySource("test-" + property, Map.of(property, value)));
    }

    @Test
    void exportsGatesAlertMatchersWebhooksAndCredentialRequirementWithoutSecrets() {
        var guarded = guarded();

        var response = call("GET", "/api/v1/config?app=" + guarded.appId(), null, null, null);

        assertThat(response.body()).doesNotContain("a-secret-of-sixteen-or-more");
        var app = YAML.readTree(response.body()).get("applications").get(0);
        assertThat(app.get("credentialsRequired").asBoolean()).isTrue();
        var group = app.get("groups").get(0);
        var gate = group.get("gates").get(0);
        assertThat(gate.get("name").asString()).isEqualTo("error-rate");
        assertThat(gate.get("query").asString()).contains("{{group}}");
        assertThat(gate.get("threshold").asDouble()).isEqualTo(0.05);
        assertThat(gate.get("consecutiveEvaluations").asInt()).isEqualTo(3);
        assertThat(gate.get("interval").asString()).isEqualTo("PT30S");
        assertThat(gate.get("soak").asString()).isEqualTo("PT1H");
        assertThat(gate.get("onUnknown").asString()).isEqualTo("ignore");
        assertThat(group.get("alerts").get("matchers").toString()).isEqualTo("{\"severity\":\"page\",\"team\":\"storage\"}");
        assertThat(group.get("alerts").get("resumeOnResolve").asBoolean()).isTrue();
        var webhook = app.get("webhooks").get(0);
        assertThat(webhook.get("name").asString()).isEqualTo(guarded.webhook());
        assertThat(webhook.get("group").asString()).isEqualTo("Stable");
        assertThat(webhook.get("format").asString()).isEqualTo("slack");
        assertThat(webhook.get("events").valueStream().map(JsonNode::asString))
                .containsExactly("rollout.started", "group.paused");
        assertThat(webhook.get("secretRef").get("env").asString()).as("a placeholder to fill in")
                .isEqualTo("PLATTE_WEBHOOK_SECRET_" + guarded.webhook().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    @Test
    void recreatesGatesMatchersAndWebhooksOnAnotherApplicationAndExportsTheSameDocument() {
        var guarded = guarded();
        var copyName = ApiFixture.unique("copy");
        var copyProductId = "io.platte.cfg." + copyName.replace("-", "");
        var copy = renamed(exportYaml(guarded.appId()), copyName, copyProductId);
        var webhook = (ObjectNode) copy.get("applications").get(0).get("webhooks").get(0);
        var copiedWebhook = ApiFixture.unique("copied");
        webhook.put("name", copiedWebhook);
        var secret = secretProperty("the-copy's-own-signing-secret");
        webhook.set("secretRef", JSON.createObjectNode().put("property", secret));
        var body = YAML.writeValueAsString(copy);

        var applied = call("POST", "/api/v1/config/apply", YAML_TYPE, body, null);

        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(PlatteClient.json(applied).get("changes").valueStream()
                .map(c -> c.get("action").asString() + " " + c.get("kind").asString()))
                .contains("create gate", "create webhook", "create group");
        assertThat(withoutAppId(exportYaml(copyProductId))).isEqualTo(withoutAppId(copy));
        assertThat(jdbc.queryForObject("SELECT secret FROM webhook WHERE name = ?", String.class, copiedWebhook))
                .isEqualTo("the-copy's-own-signing-secret");
        var lastAudit = lastAuditId();
        var again = PlatteClient.json(call("POST", "/api/v1/config/apply", YAML_TYPE, body, null));
        assertThat(again.get("changes").isEmpty()).as(again.toString()).isTrue();
        assertThat(lastAuditId()).as("the second apply wrote nothing").isEqualTo(lastAudit);
    }

    @Test
    void plansExactlyTheChangedGateFieldsAndAReplacedWebhookSecretWithoutShowingIt() {
        var guarded = guarded();
        var document = exportYaml(guarded.appId()).deepCopy();
        var secret = secretProperty("first-secret-for-the-hook");
        var webhook = (ObjectNode) document.get("applications").get(0).get("webhooks").get(0);
        webhook.set("secretRef", JSON.createObjectNode().put("property", secret));
        assertThat(call("POST", "/api/v1/config/apply", YAML_TYPE, YAML.writeValueAsString(document), null).statusCode())
                .isEqualTo(200);
        var gate = (ObjectNode) document.get("applications").get(0).get("groups").get(0).get("gates").get(0);
        gate.put("threshold", 0.1);
        gate.put("interval", "PT2M");
        changeSecretProperty(secret, "second-secret-for-the-hook");

        var plan = PlatteClient.json(call("POST", "/api/v1/config/plan", YAML_TYPE, YAML.writeValueAsString(document), null));

        var changes = plan.get("changes");
        assertThat(changes.size()).as(changes.toString()).isEqualTo(2);
        assertThat(changes.get(0).get("kind").asString()).isEqualTo("gate");
        assertThat(changes.get(0).get("key").asString()).isEqualTo("Stable error-rate");
        assertThat(changes.get(0).get("fields").toString()).isEqualTo(
                "[{\"field\":\"threshold\",\"from\":0.05,\"to\":0.1},{\"field\":\"interval\",\"from\":\"PT30S\",\"to\":\"PT2M\"}]");
        assertThat(changes.get(1).get("kind").asString()).isEqualTo("webhook");
        assertThat(changes.get(1).get("fields").get(0).get("field").asString()).isEqualTo("secret");
        assertThat(plan.toString()).doesNotContain("first-secret").doesNotContain("second-secret");
        assertThat(jdbc.queryForObject("SELECT secret FROM webhook WHERE name = ?", String.class, guarded.webhook()))
                .as("a plan changes nothing").isEqualTo("first-secret-for-the-hook");
    }

    @Test
    void refusesAnInvalidGateOrANewWebhookWithoutSecretNamingTheFieldAndChangesNothing() {
        var guarded = guarded();
        var before = exportYaml(guarded.appId());
        var badGate = before.deepCopy();
        var group = (ObjectNode) badGate.get("applications").get(0).get("groups").get(0);
        group.put("description", "changed in the same document");
        ((ObjectNode) group.get("gates").get(0)).put("query", "up{job=\"{{cluster}}\"} == 0");
        var noSecret = before.deepCopy();
        ((ObjectNode) noSecret.get("applications").get(0).get("groups").get(0)).put("description", "changed too");
        var newHook = ((ObjectNode) noSecret.get("applications").get(0)).withArray("webhooks").addObject();
        newHook.put("name", ApiFixture.unique("new")).put("url", "http://127.0.0.1:9/new").put("format", "cloudevents");
        newHook.putArray("events").add("group.paused");
        newHook.putObject("secretRef").put("property", SecretReferences.PROPERTY_PREFIX + "never.set");

        var gateProblem = call("POST", "/api/v1/config/apply", YAML_TYPE, YAML.writeValueAsString(badGate), null);
        var secretProblem = call("POST", "/api/v1/config/apply", YAML_TYPE, YAML.writeValueAsString(noSecret), null);

        assertThat(gateProblem.statusCode()).as(gateProblem.body()).isEqualTo(400);
        assertThat(PlatteClient.json(gateProblem).get("errors").get(0).get("field").asString())
                .isEqualTo("applications[0].groups[0].gates[0].query");
        assertThat(secretProblem.statusCode()).as(secretProblem.body()).isEqualTo(400);
        assertThat(PlatteClient.json(secretProblem).get("errors").get(0).get("field").asString())
                .isEqualTo("applications[0].webhooks[1].secretRef");
        assertThat(exportYaml(guarded.appId())).isEqualTo(before);
    }

    @Test
    void prunesGatesAndWebhooksOfTheApplicationAndConfiguresRebootGroupsByName() {
        var guarded = guarded();
        var document = (ObjectNode) exportYaml(guarded.appId()).deepCopy();
        var app = (ObjectNode) document.get("applications").get(0);
        ((ObjectNode) app.get("groups").get(0)).remove("gates");
        app.remove("webhooks");
        app.put("credentialsRequired", false);
        var rebootGroup = ApiFixture.unique("reboot");
        document.putArray("rebootGroups").addObject().put("name", rebootGroup).put("slots", 2).put("tie", "group")
                .put("maxHold", "PT2H").put("windowsOnly", true)
                .putObject("tiedGroup").put("application", guarded.productId()).put("group", "Stable");
        var body = YAML.writeValueAsString(document);

        var withoutPrune = PlatteClient.json(call("POST", "/api/v1/config/plan", YAML_TYPE, body, null));
        var applied = call("POST", "/api/v1/config/apply?prune=true", YAML_TYPE,
                YAML.writeValueAsString(withoutOtherRebootGroups(document)), null);

        assertThat(withoutPrune.get("changes").valueStream()
                .map(c -> c.get("action").asString() + " " + c.get("kind").asString()))
                .containsExactly("update application", "create reboot-group");
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(PlatteClient.json(applied).get("changes").valueStream()
                .map(c -> c.get("action").asString() + " " + c.get("kind").asString()))
                .contains("delete gate", "delete webhook", "create reboot-group");
        assertThat(client.getJson("/api/v1/apps/" + guarded.appId() + "/groups/" + guarded.groupId() + "/gates").isEmpty())
                .isTrue();
        assertThat(client.getJson("/api/v1/apps/" + guarded.appId() + "/payload-access").get("credentialsRequired")
                .asBoolean()).isFalse();
        var configured = client.getJson("/api/v1/reboot-groups/" + rebootGroup);
        assertThat(configured.get("slots").asInt()).isEqualTo(2);
        assertThat(configured.get("tiedGroups").get(0).get("groupId").asString()).isEqualTo(guarded.groupId());
        assertThat(configured.get("windowsOnly").asBoolean()).isTrue();
        var again = PlatteClient.json(call("POST", "/api/v1/config/plan", YAML_TYPE, body, null));
        assertThat(again.get("changes").isEmpty()).as(again.toString()).isTrue();
    }

    @Test
    void refusesAnApplyPlannedBeforeAGateWasEditedAndKeepsTheEdit() {
        var guarded = guarded();
        var document = exportYaml(guarded.appId()).deepCopy();
        ((ObjectNode) document.get("applications").get(0).get("groups").get(0).get("gates").get(0)).put("soak", "PT2H");
        var body = YAML.writeValueAsString(document);
        var planId = call("POST", "/api/v1/config/plan", YAML_TYPE, body, null).headers().firstValue("ETag").orElseThrow();
        var gatesPath = "/api/v1/apps/" + guarded.appId() + "/groups/" + guarded.groupId() + "/gates";
        var gate = client.getJson(gatesPath).get(0);
        client.ok("PUT", gatesPath + "/" + gate.get("id").asString(), Map.of("name", "error-rate",
                "query", gate.get("query").asString(), "threshold", 0.5, "interval", "PT30S"));

        var stale = call("POST", "/api/v1/config/apply", YAML_TYPE, body, planId);

        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        assertThat(client.getJson(gatesPath).get(0).get("threshold").asDouble()).isEqualTo(0.5);
    }

    /** The document's reboot groups plus every other one configured now, so that prune deletes none of theirs. */
    private ObjectNode withoutOtherRebootGroups(ObjectNode document) {
        var copy = document.deepCopy();
        var all = YAML.readTree(call("GET", "/api/v1/config", null, null, null).body()).get("rebootGroups");
        if (all != null) {
            all.forEach(copy.withArray("rebootGroups")::add);
        }
        return copy;
    }

    private JsonNode exportYaml(String app) {
        var response = call("GET", "/api/v1/config?app=" + app, null, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return YAML.readTree(response.body());
    }

    private static ObjectNode renamed(JsonNode document, String name, String productId) {
        var copy = (ObjectNode) document.deepCopy();
        var app = (ObjectNode) copy.get("applications").get(0);
        app.put("name", name);
        app.put("productId", productId);
        app.remove("appId");
        // Tracks are unique per application only, so the copy may keep them.
        return copy;
    }

    private static JsonNode withoutAppId(JsonNode document) {
        var copy = (ObjectNode) document.deepCopy();
        copy.get("applications").forEach(app -> ((ObjectNode) app).remove("appId"));
        return copy;
    }

    private long revision() {
        return jdbc.queryForObject("SELECT revision FROM catalog_revision", Long.class);
    }

    private long lastAuditId() {
        return client.getJson("/api/v1/audit?size=1&sort=id,desc").get("items").get(0).get("id").asLong();
    }

    private HttpResponse<String> call(String method, String path, String contentType, String body, String ifMatch) {
        return call(method, path, contentType, body, ifMatch, null);
    }

    private HttpResponse<String> call(String method, String path, String contentType, String body, String ifMatch,
            String accept) {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (IntegrationTest.ADMIN + ":" + IntegrationTest.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        if (accept != null) {
            builder.header("Accept", accept);
        }
        try {
            return http.send(builder.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
