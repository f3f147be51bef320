package dev.platte.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.PageSignIn;
import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The catalog forms over real HTTP, as a browser sends them: signed in with the login form, every post
 * carrying the CSRF token of the page it came from, redirects not followed. What was saved is read back
 * through the API.
 */
class CatalogPagesIntegrationTests extends ServerTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Browser admin;

    @BeforeEach
    void signInAsAdmin() throws Exception {
        admin = signIn(IntegrationTest.ADMIN, IntegrationTest.PASSWORD);
    }

    // --- applications and packages -------------------------------------------------------------

    @Test
    void createsAnApplicationFromTheFormAndRedirectsToIt() throws Exception {
        var name = ApiFixture.unique("forms-app");

        var response = admin.submit("/apps/new", "/apps/new", new Form()
                .add("id", "").add("name", name).add("description", "made with the form")
                .add("productId", "io.platte.forms." + name.replace("-", "")));

        assertThat(response.statusCode()).isEqualTo(302);
        var location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/apps/[0-9a-f-]{36}$");
        var id = location.substring(location.lastIndexOf('/') + 1);
        var stored = client.getJson("/api/v1/apps/" + id);
        assertThat(stored.get("name").asString()).isEqualTo(name);
        assertThat(stored.get("description").asString()).isEqualTo("made with the form");
        assertThat(admin.get("/apps/" + id).body()).contains(name);
    }

    @Test
    void editsAnApplicationWithItsValuesPrefilled() throws Exception {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var page = admin.get("/apps/" + app + "/edit");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Html.value(page.body(), "description")).isEqualTo("test application");

        var renamed = ApiFixture.unique("renamed");
        var response = admin.submit("/apps/" + app + "/edit", "/apps/" + app + "/edit", new Form()
                .add("name", renamed).add("description", "now described").add("productId", ""));

        assertThat(response.statusCode()).isEqualTo(302);
        var stored = client.getJson("/api/v1/apps/" + app);
        assertThat(stored.get("name").asString()).isEqualTo(renamed);
        assertThat(isAbsent(stored.get("productId"))).isTrue();
    }

    @Test
    void showsABadProductIdNextToItsFieldAndCreatesNoApplication() throws Exception {
        var name = ApiFixture.unique("forms-app");

        var response = admin.submit("/apps/new", "/apps/new", new Form()
                .add("name", name).add("description", "").add("productId", "not a product id"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Html.fieldError(response.body(), "productId")).contains("reverse-domain");
        assertThat(Html.value(response.body(), "name")).isEqualTo(name);
        assertThat(client.getJson("/api/v1/apps").toString()).doesNotContain(name);
    }

    @Test
    void rerendersThePackageFormWithAnErrorNextToABadSha1AndSavesNothing() throws Exception {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var path = "/apps/" + app + "/packages/new";

        var response = admin.submit(path, path, packageForm("1.2.3").set("sha1", "not-a-sha1"));

        assertThat(response.statusCode()).isEqualTo(200);
        var html = response.body();
        assertThat(Html.fieldError(html, "sha1")).contains("base64 of a 20-byte SHA-1");
        assertThat(Html.value(html, "sha1")).isEqualTo("not-a-sha1");
        assertThat(Html.value(html, "version")).as("what was typed stays").isEqualTo("1.2.3");
        assertThat(Html.fieldError(html, "version")).isNull();
        assertThat(client.getJson("/api/v1/apps/" + app + "/packages").size()).isZero();
    }

    @Test
    void publishesAPackageWithExtraFilesSkippingBlankRows() throws Exception {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var path = "/apps/" + app + "/packages/new";
        var withBadRow = packageForm("2.0.0").extraFile(2, "oem-azure.gz", "40897503", ApiFixture.SHA1, "NOT-HEX");

        var refused = admin.submit(path, path, withBadRow);

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(Html.fieldError(refused.body(), "extraFiles[2].sha256Hex"))
                .as("the error sits in the row it came from, not in the first").contains("64 lower-case hex digits");
        assertThat(Html.fieldError(refused.body(), "extraFiles[0].sha256Hex")).isNull();

        var created = admin.submit(path, path,
                packageForm("2.0.0").extraFile(2, "oem-azure.gz", "40,897,503", ApiFixture.SHA1, ApiFixture.SHA256_HEX));

        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/apps/" + app);
        var stored = client.getJson("/api/v1/apps/" + app + "/packages").get(0);
        assertThat(stored.get("version").asString()).isEqualTo("2.0.0");
        assertThat(stored.get("extraFiles").size()).isEqualTo(1);
        assertThat(stored.get("extraFiles").get(0).get("size").asLong()).isEqualTo(40_897_503L);
    }

    // --- groups -------------------------------------------------------------------------------

    @Test
    void createsAGroupWithAPolicyAndAWindowThenEditsIt() throws Exception {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var channel = fixture.channel(app, "stable", fixture.pkg(app, "1.0.0"));
        var track = ApiFixture.unique("track");
        var newPath = "/apps/" + app + "/groups/new";

        var created = admin.submit(newPath, newPath, groupForm("Canary", track, channel)
                .set("safeMode", "true").set("maxUpdatesPerPeriod", "5").set("updatePeriod", "PT2H")
                .set("maxConcurrentUpdates", "2").set("updateTimeout", "90m").set("pollIntervalSeconds", "3600")
                .set("rampStartPercent", "10").set("rampDuration", "PT24H")
                .set("haltFailureCount", "3").set("haltFailurePercent", "20").set("haltMinAttempts", "15")
                .window(0, List.of("MONDAY", "WEDNESDAY"), "02:00", "04:00", "Europe/Berlin"));

        assertThat(created.statusCode()).isEqualTo(302);
        var location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/apps/" + app + "/groups/[0-9a-f-]{36}$");
        var groupPath = location.substring(location.indexOf("/apps/"));
        assertThat(admin.get(groupPath).body()).contains("Group Canary created.");
        var policy = client.getJson("/api/v1" + groupPath).get("policy");
        assertThat(policy.get("safeMode").asBoolean()).isTrue();
        assertThat(policy.get("maxUpdatesPerPeriod").asInt()).isEqualTo(5);
        assertThat(policy.get("updatePeriod").asString()).isEqualTo("PT2H");
        assertThat(policy.get("updateTimeout").asString()).isEqualTo("PT1H30M");
        assertThat(policy.get("pollIntervalSeconds").asInt()).isEqualTo(3600);
        assertThat(policy.get("ramp").get("startPercent").asInt()).isEqualTo(10);
        assertThat(policy.get("autoHalt").get("minAttempts").asInt()).isEqualTo(15);
        var window = policy.get("maintenanceWindows").get(0);
        assertThat(window.get("days").toString()).contains("MONDAY", "WEDNESDAY").doesNotContain("FRIDAY");
        assertThat(window.get("start").asString()).startsWith("02:00");
        assertThat(window.get("timeZone").asString()).isEqualTo("Europe/Berlin");

        var editPath = groupPath + "/edit";
        var edit = admin.get(editPath).body();
        assertThat(Html.value(edit, "maxUpdatesPerPeriod")).isEqualTo("5");
        assertThat(Html.value(edit, "windows[0].timeZone")).isEqualTo("Europe/Berlin");
        assertThat(Html.checked(edit, "windows[0].days", "WEDNESDAY")).isTrue();
        assertThat(Html.checked(edit, "windows[0].days", "FRIDAY")).isFalse();
        assertThat(Html.checked(edit, "safeMode", "true")).isTrue();
        var version = Html.value(edit, "version");

        var saved = admin.submit(editPath, editPath, groupForm("Canary", track, channel)
                .set("version", version).set("maxUpdatesPerPeriod", "10").set("updatePeriod", "PT2H"));

        assertThat(saved.statusCode()).isEqualTo(302);
        var edited = client.getJson("/api/v1" + groupPath).get("policy");
        assertThat(edited.get("maxUpdatesPerPeriod").asInt()).isEqualTo(10);
        assertThat(edited.get("safeMode").asBoolean()).as("an unticked box turns it off").isFalse();
        assertThat(isAbsent(edited.get("ramp"))).isTrue();
        assertThat(edited.get("maintenanceWindows").size()).as("the window row was cleared").isZero();
    }

    @Test
    void offersTheMissingExtensionHoldTickedForANewGroupAndSavesItUnticked() throws Exception {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var channel = fixture.channel(app, "stable", fixture.pkg(app, "1.0.0"));
        var newPath = "/apps/" + app + "/groups/new";
        assertThat(Html.checked(admin.get(newPath).body(), "holdMissingExtension", "true")).isTrue();

        var ticked = admin.submit(newPath, newPath, groupForm("Held", ApiFixture.unique("track"), channel)
                .set("holdMissingExtension", "true"));
        var heldPath = ticked.headers().firstValue("Location").orElseThrow();
        heldPath = heldPath.substring(heldPath.indexOf("/apps/"));
        assertThat(client.getJson("/api/v1" + heldPath).get("policy").get("holdMissingExtension").asBoolean()).isTrue();
        assertThat(Html.checked(admin.get(heldPath + "/edit").body(), "holdMissingExtension", "true")).isTrue();

        var unticked = admin.submit(newPath, newPath, groupForm("Not held", ApiFixture.unique("track"), channel));
        var openPath = unticked.headers().firstValue("Location").orElseThrow();
        openPath = openPath.substring(openPath.indexOf("/apps/"));
        assertThat(client.getJson("/api/v1" + openPath).get("policy").get("holdMissingExtension").asBoolean()).isFalse();
    }

    @Test
    void asksToConfirmAPromotionThatLacksAnOemExtensionItsNodesNeed() throws Exception {
        var release = fixture.release("1.0.0");
        var app = release.appId();
        var node = dev.platte.support.OmahaRequests.flatcarNode(app, ApiFixture.machineId(), release.track());
        client.check(node.check("1.0.0", "").replace("oem=\"ami\"", "oem=\"vmware\""));
        var lacking = fixture.pkg(app, "1.1.0");
        var channelPath = "/apps/" + app + "/channels/" + release.channelId();
        var version = Html.value(admin.get(channelPath).body(), "version");

        var asked = admin.submit(channelPath, channelPath + "/promote",
                new Form().add("packageId", lacking).add("version", version));

        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(Html.text(asked.body(), "promote-warnings"))
                .contains("1.1.0 lacks oem-vmware.gz, needed by 1 node with OEM vmware");
        assertThat(channel(release).get("packageId").asString()).isEqualTo(release.packageId());

        var confirmed = admin.submit(channelPath, channelPath + "/promote",
                new Form().add("packageId", lacking).add("version", version).add("confirmed", "true"));

        assertThat(confirmed.statusCode()).isEqualTo(302);
        assertThat(channel(release).get("packageId").asString()).isEqualTo(lacking);
    }

    @Test
    void createsAPayloadCredentialShowingItsSecretOnceAndRevokesIt() throws Exception {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var page = "/apps/" + app + "/payload-access";

        var required = admin.submit(page, page, new Form().add("required", "true"));
        assertThat(required.statusCode()).isEqualTo(302);
        assertThat(client.getJson("/api/v1" + page).get("credentialsRequired").asBoolean()).isTrue();

        var created = admin.submit(page, "/apps/" + app + "/payload-credentials", new Form().add("name", "fleet-a"));

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        var lines = Html.text(created.body(), "issued-lines");
        assertThat(lines).startsWith("DOWNLOAD_USER=fleet-a").contains("DOWNLOAD_PASSWORD=");
        var secret = lines.substring(lines.indexOf("DOWNLOAD_PASSWORD=") + "DOWNLOAD_PASSWORD=".length()).strip();
        assertThat(admin.get(page).body()).contains("credential-fleet-a").doesNotContain(secret);

        var again = admin.submit(page, "/apps/" + app + "/payload-credentials", new Form().add("name", "fleet-a"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Html.text(again.body(), "error")).contains("already exists");

        var id = client.getJson("/api/v1/apps/" + app + "/payload-credentials").get(0).get("id").asString();
        var revoked = admin.submit(page, "/apps/" + app + "/payload-credentials/" + id + "/revoke", new Form());
        assertThat(revoked.statusCode()).isEqualTo(302);
        assertThat(client.getJson("/api/v1/apps/" + app + "/payload-credentials").get(0).get("revokedAt").isNull())
                .isFalse();
    }

    @Test
    void refusesAStaleGroupEditWithAClearMessageAndKeepsTheOtherChange() throws Exception {
        var release = fixture.release("1.0.0");
        var editPath = "/apps/" + release.appId() + "/groups/" + release.groupId() + "/edit";
        var staleVersion = Html.value(admin.get(editPath).body(), "version");
        var first = admin.submit(editPath, editPath, groupForm("Stable", release.track(), release.channelId())
                .set("version", staleVersion).set("maxConcurrentUpdates", "4"));
        assertThat(first.statusCode()).isEqualTo(302);

        var second = admin.submit(editPath, editPath, groupForm("Stable", release.track(), release.channelId())
                .set("version", staleVersion).set("maxConcurrentUpdates", "99"));

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(Html.text(second.body(), "form-errors")).contains("changed by someone else");
        assertThat(Html.value(second.body(), "maxConcurrentUpdates")).as("what was typed stays").isEqualTo("99");
        var stored = client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + release.groupId());
        assertThat(stored.get("policy").get("maxConcurrentUpdates").asInt()).isEqualTo(4);
    }

    @Test
    void showsUnreadablePolicyValuesNextToTheirFieldsAndCreatesNoGroup() throws Exception {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var newPath = "/apps/" + app + "/groups/new";

        var response = admin.submit(newPath, newPath, groupForm("Broken", ApiFixture.unique("track"), "")
                .set("updatePeriod", "soon").set("maxConcurrentUpdates", "two")
                .window(1, List.of("FRIDAY"), "25:00", "04:00", "Mars/Olympus"));

        assertThat(response.statusCode()).isEqualTo(200);
        var html = response.body();
        assertThat(Html.fieldError(html, "updatePeriod")).contains("PT1H");
        assertThat(Html.fieldError(html, "maxConcurrentUpdates")).contains("whole number");
        assertThat(Html.fieldError(html, "windows[1].start")).contains("time");
        assertThat(Html.fieldError(html, "windows[1].timeZone")).contains("IANA time zone");
        assertThat(Html.fieldError(html, "windows[1].end")).isNull();
        assertThat(Html.value(html, "windows[1].timeZone")).isEqualTo("Mars/Olympus");
        assertThat(client.getJson("/api/v1/apps/" + app + "/groups").size()).isZero();
    }

    // --- channels -----------------------------------------------------------------------------

    @Test
    void createsAChannelAndShowsItsPage() throws Exception {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var pkg = fixture.pkg(app, "1.0.0");
        var path = "/apps/" + app + "/channels/new";

        var response = admin.submit(path, path, new Form().add("name", "beta").add("arch", "amd64").add("packageId", pkg));

        assertThat(response.statusCode()).isEqualTo(302);
        var channelPath = URI.create(response.headers().firstValue("Location").orElseThrow()).getPath();
        var page = admin.get(channelPath);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Html.text(page.body(), "current-package")).contains("1.0.0");
        assertThat(client.getJson("/api/v1/apps/" + app + "/channels").get(0).get("packageId").asString()).isEqualTo(pkg);
    }

    @Test
    void promotesAPackageAndRefusesAPromotionFromAStalePage() throws Exception {
        var release = fixture.release("1.0.0");
        var app = release.appId();
        var next = fixture.pkg(app, "1.1.0");
        var other = fixture.pkg(app, "1.2.0");
        var revoked = fixture.pkg(app, "1.3.0");
        client.ok("POST", "/api/v1/apps/" + app + "/packages/" + revoked + "/revoke",
                Map.of("reason", "broken build", "channelId", release.channelId()));
        var channelPath = "/apps/" + app + "/channels/" + release.channelId();
        var page = admin.get(channelPath).body();
        var staleVersion = Html.value(page, "version");
        assertThat(Html.options(page, "promote-package")).contains(next, other).doesNotContain(revoked);

        var promoted = admin.submit(channelPath, channelPath + "/promote",
                new Form().add("packageId", next).add("version", staleVersion));

        assertThat(promoted.statusCode()).isEqualTo(302);
        assertThat(channel(release).get("packageId").asString()).isEqualTo(next);
        assertThat(admin.get(channelPath).body()).contains("now serves 1.1.0");

        var stale = admin.submit(channelPath, channelPath + "/promote",
                new Form().add("packageId", other).add("version", staleVersion));

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(Html.text(stale.body(), "promote-error")).contains("changed by someone else");
        assertThat(channel(release).get("packageId").asString()).isEqualTo(next);
    }

    @Test
    void addsAndRemovesAFloor() throws Exception {
        var release = fixture.release("2.0.0");
        var app = release.appId();
        var floor = fixture.pkg(app, "1.5.0");
        var channelPath = "/apps/" + app + "/channels/" + release.channelId();

        var added = admin.submit(channelPath, channelPath + "/floors",
                new Form().add("packageId", floor).add("reason", "migrates the partition table"));

        assertThat(added.statusCode()).isEqualTo(302);
        assertThat(floors(release).toString()).contains(floor, "migrates the partition table");
        var page = admin.get(channelPath).body();
        assertThat(page).contains("id=\"floor-" + floor + "\"");
        assertThat(Html.options(page, "floor-package")).as("no floor twice").doesNotContain(floor);

        var again = admin.submit(channelPath, channelPath + "/floors", new Form().add("packageId", floor).add("reason", ""));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Html.text(again.body(), "floor-error")).contains("already a floor");

        var removed = admin.submit(channelPath, channelPath + "/floors/" + floor + "/remove", new Form());

        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(floors(release).size()).isZero();
    }

    @Test
    void revokesAPackageOnlyOnceTheConfirmationIsTickedAndAReasonGiven() throws Exception {
        var release = fixture.release("2.0.0");
        var app = release.appId();
        var bad = fixture.pkg(app, "1.9.0");
        var revokePath = "/apps/" + app + "/packages/" + bad + "/revoke";
        var formPage = revokePath + "?channel=" + release.channelId();
        var channelPage = admin.get("/apps/" + app + "/channels/" + release.channelId()).body();
        assertThat(channelPage).contains("href=\"" + formPage + "\"");

        var unconfirmed = admin.submit(formPage, revokePath, new Form().add("channelId", release.channelId())
                .add("scope", "channel").add("reason", "kernel panic on r5 instances").add("_confirm", "on"));

        assertThat(unconfirmed.statusCode()).isEqualTo(200);
        assertThat(Html.fieldError(unconfirmed.body(), "confirm")).contains("Tick the box");
        assertThat(Html.value(unconfirmed.body(), "reason")).isEqualTo("kernel panic on r5 instances");
        assertThat(revocations(app, bad).size()).isZero();

        var unexplained = admin.submit(formPage, revokePath, new Form().add("channelId", release.channelId())
                .add("scope", "channel").add("reason", " ").add("confirm", "true").add("_confirm", "on"));

        assertThat(unexplained.statusCode()).isEqualTo(200);
        assertThat(Html.fieldError(unexplained.body(), "reason")).contains("must not be blank");
        assertThat(revocations(app, bad).size()).isZero();

        var confirmed = admin.submit(formPage, revokePath, new Form().add("channelId", release.channelId())
                .add("scope", "channel").add("reason", "kernel panic on r5 instances").add("confirm", "true")
                .add("_confirm", "on"));

        assertThat(confirmed.statusCode()).isEqualTo(302);
        var revocation = revocations(app, bad).get(0);
        assertThat(revocation.get("channelId").asString()).isEqualTo(release.channelId());
        assertThat(revocation.get("actor").asString()).isEqualTo(IntegrationTest.ADMIN);
        assertThat(admin.get("/apps/" + app + "/channels/" + release.channelId()).body())
                .contains("kernel panic on r5 instances");
    }

    @Test
    void rollsAChannelBackOnlyAfterTheConfirmationStepAndTheGroupPageSaysItIsRollingBack() throws Exception {
        var release = fixture.release("3815.2.0");
        var app = release.appId();
        var older = fixture.pkg(app, "3760.2.0");
        var newer = fixture.pkg(app, "3900.0.0");
        client.check(dev.platte.support.OmahaRequests.flatcarNode(app, ApiFixture.machineId(), release.track())
                .check("3815.2.0", ""));
        var channelPath = "/apps/" + app + "/channels/" + release.channelId();
        var page = admin.get(channelPath).body();
        var version = Html.value(page, "version");
        assertThat(Html.options(page, "rollback-package")).contains(older).doesNotContain(newer, release.packageId());

        var asked = admin.submit(channelPath, channelPath + "/rollback",
                new Form().add("packageId", older).add("reason", "kubelet fails").add("version", version));

        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(Html.text(asked.body(), "rollback-confirmation")).contains("from 3815.2.0 to 3760.2.0");
        assertThat(channel(release).get("packageId").asString()).isEqualTo(release.packageId());

        var notOlder = admin.submit(channelPath, channelPath + "/rollback", new Form().add("packageId", newer)
                .add("reason", "kubelet fails").add("version", version).add("confirmed", "true"));

        assertThat(notOlder.statusCode()).isEqualTo(200);
        assertThat(Html.text(notOlder.body(), "rollback-error")).contains("3900.0.0 is not older than 3815.2.0");
        assertThat(channel(release).get("packageId").asString()).isEqualTo(release.packageId());

        var confirmed = admin.submit(channelPath, channelPath + "/rollback", new Form().add("packageId", older)
                .add("reason", "kubelet fails").add("version", version).add("confirmed", "true"));

        assertThat(confirmed.statusCode()).isEqualTo(302);
        assertThat(channel(release).get("packageId").asString()).isEqualTo(older);
        assertThat(channel(release).get("rollback").get("by").asString()).isEqualTo(IntegrationTest.ADMIN);
        assertThat(Html.text(admin.get(channelPath).body(), "rollback-state"))
                .contains("Rolled back from 3815.2.0").contains("kubelet fails");
        assertThat(Html.text(admin.get("/apps/" + app + "/groups/" + release.groupId()).body(), "rollout-state"))
                .startsWith("Rolling back from 3815.2.0 to 3760.2.0: 0 of 1 back");
    }

    @Test
    void revokesAndRollsBackTheServedVersionFromTheChannelPage() throws Exception {
        var release = fixture.release("3815.2.0");
        var app = release.appId();
        var older = fixture.pkg(app, "3760.2.0");
        var revokePath = "/apps/" + app + "/packages/" + release.packageId() + "/revoke";
        var formPage = revokePath + "?channel=" + release.channelId() + "&rollBack=true";
        var channelPage = admin.get("/apps/" + app + "/channels/" + release.channelId()).body();
        assertThat(channelPage).contains("href=\"" + formPage.replace("&", "&amp;") + "\"");
        assertThat(Html.checked(admin.get(formPage).body(), "rollBack", "true")).isTrue();

        var confirmed = admin.submit(formPage, revokePath, new Form().add("channelId", release.channelId())
                .add("scope", "channel").add("reason", "etcd corrupts data").add("confirm", "true")
                .add("_confirm", "on").add("rollBack", "true").add("_rollBack", "on").add("toPackageId", ""));

        assertThat(confirmed.statusCode()).isEqualTo(302);
        assertThat(channel(release).get("packageId").asString()).isEqualTo(older);
        assertThat(channel(release).get("rollback").get("fromVersion").asString()).isEqualTo("3815.2.0");
        assertThat(revocations(app, release.packageId()).get(0).get("reason").asString()).isEqualTo("etcd corrupts data");
    }

    @Test
    void refusesToRevokeTheServedVersionWithTheReasonAtTheTopOfTheForm() throws Exception {
        var release = fixture.release("2.0.0");
        var revokePath = "/apps/" + release.appId() + "/packages/" + release.packageId() + "/revoke";

        var response = admin.submit(revokePath, revokePath, new Form().add("scope", "all")
                .add("reason", "bad").add("confirm", "true"));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(Html.text(response.body(), "form-errors")).contains("serves 2.0.0");
        assertThat(revocations(release.appId(), release.packageId()).size()).isZero();
    }

    // --- viewers ------------------------------------------------------------------------------

    @Test
    void showsViewersNoFormLinksAndRefusesTheirPostsAndFormPages() throws Exception {
        var release = fixture.release("1.0.0");
        var name = ApiFixture.unique("viewer");
        client.ok("POST", "/api/v1/users", Map.of("username", name, "password", "viewer-password-1", "role", "viewer"));
        var viewer = signIn(name, "viewer-password-1");
        var appPath = "/apps/" + release.appId();
        assertThat(admin.get(appPath).body()).contains("New package");

        var page = viewer.get(appPath);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("New package", "New group", "New channel", "/edit");
        var channelPage = viewer.get(appPath + "/channels/" + release.channelId());
        assertThat(channelPage.statusCode()).isEqualTo(200);
        assertThat(channelPage.body()).doesNotContain("promote-form", "floor-form", "Revoke");
        assertThat(viewer.get(appPath + "/packages/new").statusCode()).isEqualTo(403);
        assertThat(viewer.get("/apps/new").statusCode()).isEqualTo(403);
        var post = viewer.submit(appPath, "/apps/new", new Form().add("name", ApiFixture.unique("sneaky")));
        assertThat(post.statusCode()).isEqualTo(403);
        var promote = viewer.submit(appPath, appPath + "/channels/" + release.channelId() + "/promote",
                new Form().add("packageId", release.packageId()).add("version", "0"));
        assertThat(promote.statusCode()).isEqualTo(403);
    }

    // --- helpers ------------------------------------------------------------------------------

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private JsonNode channel(ApiFixture.Release release) {
        return client.getJson("/api/v1/apps/" + release.appId() + "/channels/" + release.channelId());
    }

    private JsonNode floors(ApiFixture.Release release) {
        return client.getJson("/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/floors");
    }

    private JsonNode revocations(String app, String pkg) {
        return client.getJson("/api/v1/apps/" + app + "/packages/" + pkg + "/revocations");
    }

    private static Form packageForm(String version) {
        var form = new Form().add("version", version).add("arch", "amd64").add("type", "flatcar")
                .add("codebaseUrl", "https://updates.example.com/amd64-usr/" + version + "/")
                .add("fileName", "flatcar_production_update.gz").add("size", "479970432")
                .add("sha1", ApiFixture.SHA1).add("sha256", ApiFixture.SHA256).add("description", "");
        for (int row = 0; row < 5; row++) {
            form.extraFile(row, "", "", "", "");
        }
        return form;
    }

    /** A group form as a browser sends it: box markers, blank limits, three window rows with no day ticked. */
    private static Form groupForm(String name, String track, String channelId) {
        var form = new Form().add("version", "").add("name", name).add("description", "").add("track", track)
                .add("channelId", channelId).add("updatesEnabled", "true").add("_updatesEnabled", "on")
                .add("_safeMode", "on").add("maxUpdatesPerPeriod", "").add("updatePeriod", "PT1H")
                .add("maxConcurrentUpdates", "").add("updateTimeout", "PT1H").add("pollIntervalSeconds", "")
                .add("rampStartPercent", "").add("rampDuration", "").add("haltFailureCount", "")
                .add("haltFailurePercent", "").add("haltMinAttempts", "");
        for (int row = 0; row < 3; row++) {
            form.add("_windows[" + row + "].days", "on").add("windows[" + row + "].start", "")
                    .add("windows[" + row + "].end", "").add("windows[" + row + "].timeZone", "UTC");
        }
        return form;
    }

    /** Form fields in order; a name may repeat, as ticked checkboxes do. */
    private static final class Form {

        private final List<Map.Entry<String, String>> fields = new ArrayList<>();

        Form add(String name, String value) {
            fields.add(Map.entry(name, value));
            return this;
        }

        /** Replaces every value of a field with one. */
        Form set(String name, String value) {
            fields.removeIf(f -> f.getKey().equals(name));
            return add(name, value);
        }

        Form extraFile(int row, String name, String size, String sha1, String sha256Hex) {
            var prefix = "extraFiles[" + row + "].";
            return set(prefix + "name", name).set(prefix + "size", size).set(prefix + "sha1", sha1)
                    .set(prefix + "sha256Hex", sha256Hex);
        }

        Form window(int row, List<String> days, String start, String end, String zone) {
            var prefix = "windows[" + row + "].";
            fields.removeIf(f -> f.getKey().equals(prefix + "days"));
            days.forEach(day -> add(prefix + "days", day));
            return set(prefix + "start", start).set(prefix + "end", end).set(prefix + "timeZone", zone);
        }

        String encoded(String csrf) {
            var all = new ArrayList<>(fields);
            all.add(Map.entry("_csrf", csrf));
            return all.stream()
                    .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
    }

    /** A signed-in page session: its cookie, sent with every request. */
    private final class Browser {

        private final String cookie;

        Browser(String cookie) {
            this.cookie = cookie;
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(request(path).GET().build());
        }

        /** Opens the page with the form (for its CSRF token), then posts the form to {@code action}. */
        HttpResponse<String> submit(String formPage, String action, Form form) throws Exception {
            var page = get(formPage);
            assertThat(page.statusCode()).as("GET " + formPage).isEqualTo(200);
            return send(request(action).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.encoded(csrf(page.body())))).build());
        }

        private HttpRequest.Builder request(String path) {
            var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "text/html");
            return cookie == null ? builder : builder.header("Cookie", cookie);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, BodyHandlers.ofString());
    }

    private Browser signIn(String username, String password) {
        return new Browser(PageSignIn.session(http, "http://localhost:" + port, username, password));
    }

    private static String csrf(String html) {
        var matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF token in the page").isTrue();
        return matcher.group(1);
    }

    /** Just enough HTML reading for these pages: inputs by name, the error after them, elements by id. */
    private static final class Html {

        private static final Pattern TAG = Pattern.compile("<(input|select|textarea)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
        private static final Pattern FIELD_ERROR = Pattern.compile("<span class=\"field-error\"[^>]*>(.*?)</span>",
                Pattern.DOTALL);

        /** The value an input, textarea or (selected option of a) select shows. */
        static String value(String html, String name) {
            var tag = find(html, name, null);
            assertThat(tag).as("an input named " + name).isNotNull();
            var start = tag.start();
            var text = tag.group();
            if (text.startsWith("<textarea")) {
                var end = html.indexOf("</textarea>", tag.end());
                return unescape(html.substring(tag.end(), end).strip());
            }
            if (text.startsWith("<select")) {
                var end = html.indexOf("</select>", start);
                var selected = Pattern.compile("<option[^>]*value=\"([^\"]*)\"[^>]*selected").matcher(html.substring(start, end));
                return selected.find() ? selected.group(1) : null;
            }
            return attribute(text, "value");
        }

        static boolean checked(String html, String name, String value) {
            var tag = find(html, name, value);
            assertThat(tag).as("a checkbox " + name + "=" + value).isNotNull();
            return tag.group().contains("checked");
        }

        /** The message in the first field error after the input, before the next visible one; {@code null} if none. */
        static String fieldError(String html, String name) {
            var tag = find(html, name, null);
            assertThat(tag).as("an input named " + name).isNotNull();
            var rest = html.substring(tag.end());
            var next = TAG.matcher(rest);
            var end = rest.length();
            while (next.find()) {
                if (!"hidden".equals(attribute(next.group(), "type"))) {
                    end = next.start();
                    break;
                }
            }
            var scope = rest.substring(0, end);
            var error = FIELD_ERROR.matcher(scope);
            return error.find() ? unescape(error.group(1).strip()) : null;
        }

        /** The text inside the element with this id. */
        static String text(String html, String id) {
            var start = html.indexOf("id=\"" + id + "\"");
            assertThat(start).as("an element with id " + id).isNotNegative();
            var open = html.lastIndexOf('<', start);
            var tagName = html.substring(open + 1).split("[\\s>]", 2)[0];
            var end = html.indexOf("</" + tagName + ">", start);
            return unescape(html.substring(html.indexOf('>', start) + 1, end).replaceAll("<[^>]+>", " ")
                    .replaceAll("\\s+", " ").strip());
        }

        /** The option values of the select with this id. */
        static List<String> options(String html, String id) {
            var start = html.indexOf("id=\"" + id + "\"");
            assertThat(start).as("a select with id " + id).isNotNegative();
            var end = html.indexOf("</select>", start);
            var values = new ArrayList<String>();
            var matcher = Pattern.compile("<option[^>]*value=\"([^\"]*)\"").matcher(html.substring(start, end));
            while (matcher.find()) {
                values.add(matcher.group(1));
            }
            return values;
        }

        private static Matcher find(String html, String name, String value) {
            var matcher = TAG.matcher(html);
            while (matcher.find()) {
                var tag = matcher.group();
                if (name.equals(attribute(tag, "name")) && (value == null || value.equals(attribute(tag, "value")))) {
                    return matcher;
                }
            }
            return null;
        }

        private static String attribute(String tag, String attribute) {
            var matcher = Pattern.compile("\\s" + attribute + "=\"([^\"]*)\"").matcher(tag);
            return matcher.find() ? unescape(matcher.group(1)) : null;
        }

        private static String unescape(String text) {
            return text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&");
        }
    }
}
