package dev.platte.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.Form;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PageSession;
import dev.platte.support.RenderedPage;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

/**
 * The catalog forms as a browser sends them, through {@code MockMvcTester}: signed in with the login form,
 * every post carrying a CSRF token, redirects not followed. What was saved is read back through the API.
 */
class CatalogPagesIntegrationTests extends ServerTest {

    private PageSession admin;

    @BeforeEach
    void signInAsAdmin() {
        admin = PageSession.admin(mvc, port);
    }

    // --- applications and packages -------------------------------------------------------------

    @Test
    void createsAnApplicationFromTheFormAndRedirectsToIt() {
        var name = ApiFixture.unique("forms-app");

        var response = admin.submit("/apps/new", Form.of("id", "", "name", name, "description", "made with the form",
                "productId", "io.platte.forms." + name.replace("-", "")));

        assertThat(response).hasStatus(HttpStatus.FOUND).redirectedUrl().matches(".*/apps/[0-9a-f-]{36}$");
        var location = location(response);
        var id = location.substring(location.lastIndexOf('/') + 1);
        var stored = client.getJson("/api/v1/apps/" + id);
        assertThat(stored.get("name").asString()).isEqualTo(name);
        assertThat(stored.get("description").asString()).isEqualTo("made with the form");
        assertThat(admin.get("/apps/" + id)).bodyText().contains(name);
    }

    @Test
    void editsAnApplicationWithItsValuesPrefilled() {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        assertThat(admin.page("/apps/" + app + "/edit").value("description")).isEqualTo("test application");

        var renamed = ApiFixture.unique("renamed");
        var response = admin.submit("/apps/" + app + "/edit",
                Form.of("name", renamed, "description", "now described", "productId", ""));

        assertThat(response).hasStatus(HttpStatus.FOUND);
        var stored = client.getJson("/api/v1/apps/" + app);
        assertThat(stored.get("name").asString()).isEqualTo(renamed);
        assertThat(isAbsent(stored.get("productId"))).isTrue();
    }

    @Test
    void showsABadProductIdNextToItsFieldAndCreatesNoApplication() {
        var name = ApiFixture.unique("forms-app");

        var response = admin.submit("/apps/new", Form.of("name", name, "description", "", "productId", "not a product id"));

        assertThat(response).hasStatusOk();
        var page = RenderedPage.of(response);
        assertThat(page.fieldError("productId")).contains("reverse-domain");
        assertThat(page.value("name")).isEqualTo(name);
        assertThat(client.getJson("/api/v1/apps").toString()).doesNotContain(name);
    }

    @Test
    void rerendersThePackageFormWithAnErrorNextToABadSha1AndSavesNothing() {
        var app = fixture.application(ApiFixture.unique("forms-app"));

        var response = admin.submit("/apps/" + app + "/packages/new", packageForm("1.2.3").set("sha1", "not-a-sha1"));

        assertThat(response).hasStatusOk();
        var page = RenderedPage.of(response);
        assertThat(page.fieldError("sha1")).contains("base64 of a 20-byte SHA-1");
        assertThat(page.value("sha1")).isEqualTo("not-a-sha1");
        assertThat(page.value("version")).as("what was typed stays").isEqualTo("1.2.3");
        assertThat(page.fieldError("version")).isNull();
        assertThat(client.getJson("/api/v1/apps/" + app + "/packages").size()).isZero();
    }

    @Test
    void publishesAPackageWithExtraFilesSkippingBlankRows() {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var action = "/apps/" + app + "/packages/new";
        var withBadRow = extraFile(packageForm("2.0.0"), 2, "oem-azure.gz", "40897503", ApiFixture.SHA1, "NOT-HEX");

        var refused = admin.submit(action, withBadRow);

        assertThat(refused).hasStatusOk();
        assertThat(RenderedPage.of(refused).fieldError("extraFiles[2].sha256Hex"))
                .as("the error sits in the row it came from, not in the first").contains("64 lower-case hex digits");
        assertThat(RenderedPage.of(refused).fieldError("extraFiles[0].sha256Hex")).isNull();

        var created = admin.submit(action,
                extraFile(packageForm("2.0.0"), 2, "oem-azure.gz", "40,897,503", ApiFixture.SHA1, ApiFixture.SHA256_HEX));

        assertThat(created).hasStatus(HttpStatus.FOUND).redirectedUrl().endsWith("/apps/" + app);
        var stored = client.getJson("/api/v1/apps/" + app + "/packages").get(0);
        assertThat(stored.get("version").asString()).isEqualTo("2.0.0");
        assertThat(stored.get("extraFiles").size()).isEqualTo(1);
        assertThat(stored.get("extraFiles").get(0).get("size").asLong()).isEqualTo(40_897_503L);
    }

    // --- groups -------------------------------------------------------------------------------

    @Test
    void createsAGroupWithAPolicyAndAWindowThenEditsIt() {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var channel = fixture.channel(app, "stable", fixture.pkg(app, "1.0.0"));
        var track = ApiFixture.unique("track");

        var created = admin.submit("/apps/" + app + "/groups/new", window(groupForm("Canary", track, channel)
                .set("safeMode", "true").set("maxUpdatesPerPeriod", "5").set("updatePeriod", "PT2H")
                .set("maxConcurrentUpdates", "2").set("updateTimeout", "90m").set("pollIntervalSeconds", "3600")
                .set("rampStartPercent", "10").set("rampDuration", "PT24H")
                .set("haltFailureCount", "3").set("haltFailurePercent", "20").set("haltMinAttempts", "15"),
                0, List.of("MONDAY", "WEDNESDAY"), "02:00", "04:00", "Europe/Berlin"));

        assertThat(created).hasStatus(HttpStatus.FOUND).redirectedUrl()
                .matches(".*/apps/" + app + "/groups/[0-9a-f-]{36}$");
        var groupPath = path(created);
        assertThat(admin.get(groupPath)).bodyText().contains("Group Canary created.");
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
        var edit = admin.page(editPath);
        assertThat(edit.value("maxUpdatesPerPeriod")).isEqualTo("5");
        assertThat(edit.value("windows[0].timeZone")).isEqualTo("Europe/Berlin");
        assertThat(edit.checked("windows[0].days", "WEDNESDAY")).isTrue();
        assertThat(edit.checked("windows[0].days", "FRIDAY")).isFalse();
        assertThat(edit.checked("safeMode", "true")).isTrue();

        var saved = admin.submit(editPath, groupForm("Canary", track, channel)
                .set("version", edit.value("version")).set("maxUpdatesPerPeriod", "10").set("updatePeriod", "PT2H"));

        assertThat(saved).hasStatus(HttpStatus.FOUND);
        var edited = client.getJson("/api/v1" + groupPath).get("policy");
        assertThat(edited.get("maxUpdatesPerPeriod").asInt()).isEqualTo(10);
        assertThat(edited.get("safeMode").asBoolean()).as("an unticked box turns it off").isFalse();
        assertThat(isAbsent(edited.get("ramp"))).isTrue();
        assertThat(edited.get("maintenanceWindows").size()).as("the window row was cleared").isZero();
    }

    @Test
    void offersTheMissingExtensionHoldTickedForANewGroupAndSavesItUnticked() {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var channel = fixture.channel(app, "stable", fixture.pkg(app, "1.0.0"));
        var newPath = "/apps/" + app + "/groups/new";
        assertThat(admin.page(newPath).checked("holdMissingExtension", "true")).isTrue();

        var ticked = admin.submit(newPath, groupForm("Held", ApiFixture.unique("track"), channel)
                .set("holdMissingExtension", "true"));
        var heldPath = path(ticked);
        assertThat(client.getJson("/api/v1" + heldPath).get("policy").get("holdMissingExtension").asBoolean()).isTrue();
        assertThat(admin.page(heldPath + "/edit").checked("holdMissingExtension", "true")).isTrue();

        var unticked = admin.submit(newPath, groupForm("Not held", ApiFixture.unique("track"), channel));
        var openPath = path(unticked);
        assertThat(client.getJson("/api/v1" + openPath).get("policy").get("holdMissingExtension").asBoolean()).isFalse();
    }

    @Test
    void asksToConfirmAPromotionThatLacksAnOemExtensionItsNodesNeed() {
        var release = fixture.release("1.0.0");
        var app = release.appId();
        var node = OmahaRequests.flatcarNode(app, ApiFixture.machineId(), release.track());
        client.check(node.check("1.0.0", "").replace("oem=\"ami\"", "oem=\"vmware\""));
        var lacking = fixture.pkg(app, "1.1.0");
        var channelPath = "/apps/" + app + "/channels/" + release.channelId();
        var version = admin.page(channelPath).value("version");

        var asked = admin.submit(channelPath + "/promote", Form.of("packageId", lacking, "version", version));

        assertThat(asked).hasStatusOk();
        assertThat(RenderedPage.of(asked).text("promote-warnings"))
                .contains("1.1.0 lacks oem-vmware.gz, needed by 1 node with OEM vmware");
        assertThat(channel(release).get("packageId").asString()).isEqualTo(release.packageId());

        var confirmed = admin.submit(channelPath + "/promote",
                Form.of("packageId", lacking, "version", version, "confirmed", "true"));

        assertThat(confirmed).hasStatus(HttpStatus.FOUND);
        assertThat(channel(release).get("packageId").asString()).isEqualTo(lacking);
    }

    @Test
    void createsAPayloadCredentialShowingItsSecretOnceAndRevokesIt() {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var page = "/apps/" + app + "/payload-access";
        var credentials = "/apps/" + app + "/payload-credentials";

        assertThat(admin.submit(page, Form.of("required", "true"))).hasStatus(HttpStatus.FOUND);
        assertThat(client.getJson("/api/v1" + page).get("credentialsRequired").asBoolean()).isTrue();

        var created = admin.submit(credentials, Form.of("name", "fleet-a"));

        assertThat(created).hasStatusOk().headers().hasHeaderSatisfying("Cache-Control",
                values -> assertThat(values.getFirst()).contains("no-store"));
        var lines = RenderedPage.of(created).text("issued-lines");
        assertThat(lines).startsWith("DOWNLOAD_USER=fleet-a").contains("DOWNLOAD_PASSWORD=");
        var secret = lines.substring(lines.indexOf("DOWNLOAD_PASSWORD=") + "DOWNLOAD_PASSWORD=".length()).strip();
        assertThat(admin.get(page)).bodyText().contains("credential-fleet-a").doesNotContain(secret);

        var again = admin.submit(credentials, Form.of("name", "fleet-a"));
        assertThat(again).hasStatus(HttpStatus.CONFLICT);
        assertThat(RenderedPage.of(again).text("error")).contains("already exists");

        var id = client.getJson("/api/v1" + credentials).get(0).get("id").asString();
        assertThat(admin.submit(credentials + "/" + id + "/revoke", new Form())).hasStatus(HttpStatus.FOUND);
        assertThat(client.getJson("/api/v1" + credentials).get(0).get("revokedAt").isNull()).isFalse();
    }

    @Test
    void refusesAStaleGroupEditWithAClearMessageAndKeepsTheOtherChange() {
        var release = fixture.release("1.0.0");
        var editPath = "/apps/" + release.appId() + "/groups/" + release.groupId() + "/edit";
        var staleVersion = admin.page(editPath).value("version");
        var first = admin.submit(editPath, groupForm("Stable", release.track(), release.channelId())
                .set("version", staleVersion).set("maxConcurrentUpdates", "4"));
        assertThat(first).hasStatus(HttpStatus.FOUND);

        var second = admin.submit(editPath, groupForm("Stable", release.track(), release.channelId())
                .set("version", staleVersion).set("maxConcurrentUpdates", "99"));

        assertThat(second).hasStatus(HttpStatus.CONFLICT);
        var page = RenderedPage.of(second);
        assertThat(page.text("form-errors")).contains("changed by someone else");
        assertThat(page.value("maxConcurrentUpdates")).as("what was typed stays").isEqualTo("99");
        var stored = client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + release.groupId());
        assertThat(stored.get("policy").get("maxConcurrentUpdates").asInt()).isEqualTo(4);
    }

    @Test
    void showsUnreadablePolicyValuesNextToTheirFieldsAndCreatesNoGroup() {
        var app = fixture.application(ApiFixture.unique("forms-app"));

        var response = admin.submit("/apps/" + app + "/groups/new", window(groupForm("Broken", ApiFixture.unique("track"), "")
                .set("updatePeriod", "soon").set("maxConcurrentUpdates", "two"),
                1, List.of("FRIDAY"), "25:00", "04:00", "Mars/Olympus"));

        assertThat(response).hasStatusOk();
        var page = RenderedPage.of(response);
        assertThat(page.fieldError("updatePeriod")).contains("PT1H");
        assertThat(page.fieldError("maxConcurrentUpdates")).contains("whole number");
        assertThat(page.fieldError("windows[1].start")).contains("time");
        assertThat(page.fieldError("windows[1].timeZone")).contains("IANA time zone");
        assertThat(page.fieldError("windows[1].end")).isNull();
        assertThat(page.value("windows[1].timeZone")).isEqualTo("Mars/Olympus");
        assertThat(client.getJson("/api/v1/apps/" + app + "/groups").size()).isZero();
    }

    // --- channels -----------------------------------------------------------------------------

    @Test
    void createsAChannelAndShowsItsPage() {
        var app = fixture.application(ApiFixture.unique("forms-app"));
        var pkg = fixture.pkg(app, "1.0.0");

        var response = admin.submit("/apps/" + app + "/channels/new", Form.of("name", "beta", "arch", "amd64", "packageId", pkg));

        assertThat(response).hasStatus(HttpStatus.FOUND);
        assertThat(admin.page(path(response)).text("current-package")).contains("1.0.0");
        assertThat(client.getJson("/api/v1/apps/" + app + "/channels").get(0).get("packageId").asString()).isEqualTo(pkg);
    }

    @Test
    void promotesAPackageAndRefusesAPromotionFromAStalePage() {
        var release = fixture.release("1.0.0");
        var app = release.appId();
        var next = fixture.pkg(app, "1.1.0");
        var other = fixture.pkg(app, "1.2.0");
        var revoked = fixture.pkg(app, "1.3.0");
        client.ok("POST", "/api/v1/apps/" + app + "/packages/" + revoked + "/revoke",
                Map.of("reason", "broken build", "channelId", release.channelId()));
        var channelPath = "/apps/" + app + "/channels/" + release.channelId();
        var page = admin.page(channelPath);
        var staleVersion = page.value("version");
        assertThat(page.options("promote-package")).contains(next, other).doesNotContain(revoked);

        var promoted = admin.submit(channelPath + "/promote", Form.of("packageId", next, "version", staleVersion));

        assertThat(promoted).hasStatus(HttpStatus.FOUND);
        assertThat(channel(release).get("packageId").asString()).isEqualTo(next);
        assertThat(admin.get(channelPath)).bodyText().contains("now serves 1.1.0");

        var stale = admin.submit(channelPath + "/promote", Form.of("packageId", other, "version", staleVersion));

        assertThat(stale).hasStatus(HttpStatus.CONFLICT);
        assertThat(RenderedPage.of(stale).text("promote-error")).contains("changed by someone else");
        assertThat(channel(release).get("packageId").asString()).isEqualTo(next);
    }

    @Test
    void addsAndRemovesAFloor() {
        var release = fixture.release("2.0.0");
        var app = release.appId();
        var floor = fixture.pkg(app, "1.5.0");
        var channelPath = "/apps/" + app + "/channels/" + release.channelId();

        var added = admin.submit(channelPath + "/floors",
                Form.of("packageId", floor, "reason", "migrates the partition table"));

        assertThat(added).hasStatus(HttpStatus.FOUND);
        assertThat(floors(release).toString()).contains(floor, "migrates the partition table");
        var page = admin.page(channelPath);
        assertThat(page.has("#floor-" + floor)).isTrue();
        assertThat(page.options("floor-package")).as("no floor twice").doesNotContain(floor);

        var again = admin.submit(channelPath + "/floors", Form.of("packageId", floor, "reason", ""));
        assertThat(again).hasStatus(HttpStatus.CONFLICT);
        assertThat(RenderedPage.of(again).text("floor-error")).contains("already a floor");

        var removed = admin.submit(channelPath + "/floors/" + floor + "/remove", new Form());

        assertThat(removed).hasStatus(HttpStatus.FOUND);
        assertThat(floors(release).size()).isZero();
    }

    @Test
    void revokesAPackageOnlyOnceTheConfirmationIsTickedAndAReasonGiven() {
        var release = fixture.release("2.0.0");
        var app = release.appId();
        var bad = fixture.pkg(app, "1.9.0");
        var revokePath = "/apps/" + app + "/packages/" + bad + "/revoke";
        var channelPath = "/apps/" + app + "/channels/" + release.channelId();
        assertThat(admin.page(channelPath).has("a[href=\"" + revokePath + "?channel=" + release.channelId() + "\"]"))
                .isTrue();

        var unconfirmed = admin.submit(revokePath, Form.of("channelId", release.channelId(), "scope", "channel",
                "reason", "kernel panic on r5 instances", "_confirm", "on"));

        assertThat(unconfirmed).hasStatusOk();
        assertThat(RenderedPage.of(unconfirmed).fieldError("confirm")).contains("Tick the box");
        assertThat(RenderedPage.of(unconfirmed).value("reason")).isEqualTo("kernel panic on r5 instances");
        assertThat(revocations(app, bad).size()).isZero();

        var unexplained = admin.submit(revokePath, Form.of("channelId", release.channelId(), "scope", "channel",
                "reason", " ", "confirm", "true", "_confirm", "on"));

        assertThat(unexplained).hasStatusOk();
        assertThat(RenderedPage.of(unexplained).fieldError("reason")).contains("must not be blank");
        assertThat(revocations(app, bad).size()).isZero();

        var confirmed = admin.submit(revokePath, Form.of("channelId", release.channelId(), "scope", "channel",
                "reason", "kernel panic on r5 instances", "confirm", "true", "_confirm", "on"));

        assertThat(confirmed).hasStatus(HttpStatus.FOUND);
        var revocation = revocations(app, bad).get(0);
        assertThat(revocation.get("channelId").asString()).isEqualTo(release.channelId());
        assertThat(revocation.get("actor").asString()).isEqualTo(IntegrationTest.ADMIN);
        assertThat(admin.get(channelPath)).bodyText().contains("kernel panic on r5 instances");
    }

    @Test
    void rollsAChannelBackOnlyAfterTheConfirmationStepAndTheGroupPageSaysItIsRollingBack() {
        var release = fixture.release("3815.2.0");
        var app = release.appId();
        var older = fixture.pkg(app, "3760.2.0");
        var newer = fixture.pkg(app, "3900.0.0");
        client.check(OmahaRequests.flatcarNode(app, ApiFixture.machineId(), release.track()).check("3815.2.0", ""));
        var channelPath = "/apps/" + app + "/channels/" + release.channelId();
        var page = admin.page(channelPath);
        var version = page.value("version");
        assertThat(page.options("rollback-package")).contains(older).doesNotContain(newer, release.packageId());

        var asked = admin.submit(channelPath + "/rollback",
                Form.of("packageId", older, "reason", "kubelet fails", "version", version));

        assertThat(asked).hasStatusOk();
        assertThat(RenderedPage.of(asked).text("rollback-confirmation")).contains("from 3815.2.0 to 3760.2.0");
        assertThat(channel(release).get("packageId").asString()).isEqualTo(release.packageId());

        var notOlder = admin.submit(channelPath + "/rollback",
                Form.of("packageId", newer, "reason", "kubelet fails", "version", version, "confirmed", "true"));

        assertThat(notOlder).hasStatusOk();
        assertThat(RenderedPage.of(notOlder).text("rollback-error")).contains("3900.0.0 is not older than 3815.2.0");
        assertThat(channel(release).get("packageId").asString()).isEqualTo(release.packageId());

        var confirmed = admin.submit(channelPath + "/rollback",
                Form.of("packageId", older, "reason", "kubelet fails", "version", version, "confirmed", "true"));

        assertThat(confirmed).hasStatus(HttpStatus.FOUND);
        assertThat(channel(release).get("packageId").asString()).isEqualTo(older);
        assertThat(channel(release).get("rollback").get("by").asString()).isEqualTo(IntegrationTest.ADMIN);
        assertThat(admin.page(channelPath).text("rollback-state"))
                .contains("Rolled back from 3815.2.0").contains("kubelet fails");
        assertThat(admin.page("/apps/" + app + "/groups/" + release.groupId()).text("rollout-state"))
                .startsWith("Rolling back from 3815.2.0 to 3760.2.0: 0 of 1 back");
    }

    @Test
    void revokesAndRollsBackTheServedVersionFromTheChannelPage() {
        var release = fixture.release("3815.2.0");
        var app = release.appId();
        var older = fixture.pkg(app, "3760.2.0");
        var revokePath = "/apps/" + app + "/packages/" + release.packageId() + "/revoke";
        var formPage = revokePath + "?channel=" + release.channelId() + "&rollBack=true";
        assertThat(admin.page("/apps/" + app + "/channels/" + release.channelId()).has("a[href=\"" + formPage + "\"]"))
                .isTrue();
        assertThat(admin.page(formPage).checked("rollBack", "true")).isTrue();

        var confirmed = admin.submit(revokePath, Form.of("channelId", release.channelId(), "scope", "channel",
                "reason", "etcd corrupts data", "confirm", "true", "_confirm", "on", "rollBack", "true",
                "_rollBack", "on", "toPackageId", ""));

        assertThat(confirmed).hasStatus(HttpStatus.FOUND);
        assertThat(channel(release).get("packageId").asString()).isEqualTo(older);
        assertThat(channel(release).get("rollback").get("fromVersion").asString()).isEqualTo("3815.2.0");
        assertThat(revocations(app, release.packageId()).get(0).get("reason").asString()).isEqualTo("etcd corrupts data");
    }

    @Test
    void refusesToRevokeTheServedVersionWithTheReasonAtTheTopOfTheForm() {
        var release = fixture.release("2.0.0");
        var revokePath = "/apps/" + release.appId() + "/packages/" + release.packageId() + "/revoke";

        var response = admin.submit(revokePath, Form.of("scope", "all", "reason", "bad", "confirm", "true"));

        assertThat(response).hasStatus(HttpStatus.CONFLICT);
        assertThat(RenderedPage.of(response).text("form-errors")).contains("serves 2.0.0");
        assertThat(revocations(release.appId(), release.packageId()).size()).isZero();
    }

    // --- viewers ------------------------------------------------------------------------------

    @Test
    void showsViewersNoFormLinksAndRefusesTheirPostsAndFormPages() {
        var release = fixture.release("1.0.0");
        var name = ApiFixture.unique("viewer");
        client.ok("POST", "/api/v1/users", Map.of("username", name, "password", "viewer-password-1", "role", "viewer"));
        var viewer = PageSession.signIn(mvc, port, name, "viewer-password-1");
        var appPath = "/apps/" + release.appId();
        assertThat(admin.get(appPath)).bodyText().contains("New package");

        assertThat(viewer.get(appPath)).hasStatusOk().bodyText()
                .doesNotContain("New package", "New group", "New channel", "/edit");
        assertThat(viewer.get(appPath + "/channels/" + release.channelId())).hasStatusOk().bodyText()
                .doesNotContain("promote-form", "floor-form", "Revoke");
        assertThat(viewer.get(appPath + "/packages/new")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(viewer.get("/apps/new")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(viewer.submit("/apps/new", Form.of("name", ApiFixture.unique("sneaky"))))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(viewer.submit(appPath + "/channels/" + release.channelId() + "/promote",
                Form.of("packageId", release.packageId(), "version", "0"))).hasStatus(HttpStatus.FORBIDDEN);
    }

    // --- helpers ------------------------------------------------------------------------------

    private static String location(MvcTestResult response) {
        var location = response.getResponse().getRedirectedUrl();
        assertThat(location).as("a redirect").isNotNull();
        return location;
    }

    /** The path a redirect points to. */
    private static String path(MvcTestResult response) {
        return URI.create(location(response)).getPath();
    }

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
        var form = Form.of("version", version, "arch", "amd64", "type", "flatcar",
                "codebaseUrl", "https://updates.example.com/amd64-usr/" + version + "/",
                "fileName", "flatcar_production_update.gz", "size", "479970432",
                "sha1", ApiFixture.SHA1, "sha256", ApiFixture.SHA256, "description", "");
        for (int row = 0; row < 5; row++) {
            extraFile(form, row, "", "", "", "");
        }
        return form;
    }

    private static Form extraFile(Form form, int row, String name, String size, String sha1, String sha256Hex) {
        var prefix = "extraFiles[" + row + "].";
        return form.set(prefix + "name", name).set(prefix + "size", size).set(prefix + "sha1", sha1)
                .set(prefix + "sha256Hex", sha256Hex);
    }

    /** A group form as a browser sends it: box markers, blank limits, three window rows with no day ticked. */
    private static Form groupForm(String name, String track, String channelId) {
        var form = Form.of("version", "", "name", name, "description", "", "track", track,
                "channelId", channelId, "updatesEnabled", "true", "_updatesEnabled", "on",
                "_safeMode", "on", "maxUpdatesPerPeriod", "", "updatePeriod", "PT1H",
                "maxConcurrentUpdates", "", "updateTimeout", "PT1H", "pollIntervalSeconds", "",
                "rampStartPercent", "", "rampDuration", "", "haltFailureCount", "",
                "haltFailurePercent", "", "haltMinAttempts", "");
        for (int row = 0; row < 3; row++) {
            form.add("_windows[" + row + "].days", "on").add("windows[" + row + "].start", "")
                    .add("windows[" + row + "].end", "").add("windows[" + row + "].timeZone", "UTC");
        }
        return form;
    }

    private static Form window(Form form, int row, List<String> days, String start, String end, String zone) {
        var prefix = "windows[" + row + "].";
        return form.tick(prefix + "days", days).set(prefix + "start", start).set(prefix + "end", end)
                .set(prefix + "timeZone", zone);
    }
}
