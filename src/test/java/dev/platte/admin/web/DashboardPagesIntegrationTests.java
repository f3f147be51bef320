package dev.platte.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every page and fragment rendered by the real server for an admin and for a viewer. */
class DashboardPagesIntegrationTests extends ServerTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private ApiFixture.Release release;
    private String machine;
    private String viewer;

    @BeforeEach
    void data() {
        release = fixture.release("2.0.0");
        machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode(release.appId(), machine, release.track());
        client.check(node.check("1.0.0", ""));
        client.check(node.event("1.0.0", 13, 1));
        client.check(node.errorEvent("1.0.0", 268435466L));
        viewer = ApiFixture.unique("viewer");
        client.ok("POST", "/api/v1/users", Map.of("username", viewer, "password", "viewer-password-1", "role", "viewer"));
    }

    private String groupPath() {
        return "/apps/" + release.appId() + "/groups/" + release.groupId();
    }

    @Test
    void rendersTheOverviewWithApplicationsGroupsAndActivity() throws Exception {
        var page = asAdmin("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Overview").contains("Rolling out 2.0.0").contains("Latest activity")
                .contains("instances active in the last 24 hours");
    }

    @Test
    void rendersTheApplicationWithGroupsChannelsAndPackages() throws Exception {
        var page = asAdmin("/apps/" + release.appId());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Groups").contains("Channels").contains("Packages")
                .contains("stable").contains("https://updates.example.com/amd64-usr/2.0.0/flatcar_production_update.gz");
    }

    @Test
    void rendersTheGroupWithStateChartsPolicyAndAdminControls() throws Exception {
        client.ok("POST", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/pause",
                Map.of("reason", "investigating r5 panics"));

        var page = asAdmin(groupPath());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Rolling out 2.0.0: 0 of 1 updated, 1 failed; paused by admin")
                .contains("investigating r5 panics")
                .contains("id=\"resume-form\"")
                .contains("hx-trigger=\"every 10s\"")
                .contains("status-timeline-data").contains("version-timeline-data")
                .contains("Edit group and policy");
    }

    @Test
    void showsAViewerNoWriteControls() throws Exception {
        var group = asViewer(groupPath());
        var app = asViewer("/apps/" + release.appId());
        var instance = asViewer("/instances/" + machine);

        assertThat(group.statusCode()).isEqualTo(200);
        assertThat(group.body()).doesNotContain("pause-form").doesNotContain("resume-form")
                .doesNotContain("Edit group and policy").doesNotContain(">Audit<");
        assertThat(app.body()).doesNotContain("New package").doesNotContain("New group");
        assertThat(instance.body()).doesNotContain("name=\"alias\"");
        assertThat(asViewer("/audit").statusCode()).isEqualTo(403);
    }

    @Test
    void answersHtmxWithTheProgressFragmentOnly() throws Exception {
        var fragment = send(groupPath() + "/progress", admin(), Map.of("HX-Request", "true"));

        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body()).contains("id=\"progress\"").contains("Rolling out 2.0.0")
                .doesNotContain("<html").doesNotContain("<nav");
    }

    @Test
    void answersHtmxWithTheTimelinesFragmentForEachRange() throws Exception {
        for (var range : new String[] {"1h", "1d", "7d", "30d"}) {
            var fragment = send(groupPath() + "/timelines?range=" + range, admin(), Map.of("HX-Request", "true"));
            assertThat(fragment.statusCode()).isEqualTo(200);
            assertThat(fragment.body()).contains("id=\"timelines\"").contains("\"range\":\"" + range + "\"")
                    .doesNotContain("<html");
        }
        assertThat(asAdmin(groupPath() + "/timelines?range=2y").statusCode()).isEqualTo(400);
    }

    @Test
    void rendersInstancesWithFiltersAndOneInstanceWithDecodedErrors() throws Exception {
        var list = asAdmin("/instances?app=" + release.appId() + "&status=error&hideRetired=true");
        var detail = asAdmin("/instances/" + machine);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(machine).contains("1 in all");
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains("PayloadHashMismatchError (10) + TestOmahaUrl")
                .contains("download started").contains("name=\"alias\"").contains("ami")
                .contains("/apps/" + release.appId() + "/groups/" + release.groupId()).contains("stable (amd64)");
    }

    @Test
    void rendersActivityAndAuditWithFilters() throws Exception {
        var activity = asAdmin("/activity?app=" + release.appId() + "&severity=error");
        var audit = asAdmin("/audit?action=group.create");

        assertThat(activity.statusCode()).isEqualTo(200);
        assertThat(activity.body()).contains("instance_failed").contains("PayloadHashMismatchError");
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("group.create");
    }

    @Test
    void showsAFriendlyPageForUnknownThingsNeverAStackTrace() throws Exception {
        var missing = asAdmin("/apps/" + java.util.UUID.randomUUID());
        var noInstance = asAdmin("/instances/no-such-machine");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Not found").doesNotContain("Exception").doesNotContain("at dev.platte");
        assertThat(noInstance.statusCode()).isEqualTo(404);
    }

    @Test
    void servesChartAndHtmxLibrariesFromPlatteItself() throws Exception {
        assertThat(asAdmin("/webjars/chart.js/dist/chart.umd.js").statusCode()).isEqualTo(200);
        assertThat(asAdmin("/webjars/htmx.org/dist/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(asAdmin("/").body()).doesNotContain("cdn.").doesNotContain("https://");
    }

    private HttpResponse<String> asAdmin(String path) throws Exception {
        return send(path, admin(), Map.of());
    }

    private HttpResponse<String> asViewer(String path) throws Exception {
        return send(path, basic(viewer, "viewer-password-1"), Map.of());
    }

    private static String admin() {
        return basic(IntegrationTest.ADMIN, IntegrationTest.PASSWORD);
    }

    private HttpResponse<String> send(String path, String authorization, Map<String, String> headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", authorization)
                .header("Accept", "text/html");
        headers.forEach(builder::header);
        return http.send(builder.GET().build(), BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }
}
