package dev.platte.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.Requests;
import dev.platte.support.ServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OEM extension guard over HTTP: holds, what the API and pages say, the promote warning. */
class ExtensionGuardIntegrationTests extends ServerTest {

    private static final String UPDATE_STATUS = "/response/app/updatecheck/@status";

    /** A package whose extra files are exactly {@code extras}. */
    private String pkg(String app, String version, String... extras) {
        return fixture.pkg(app, Requests.pkg(version).extraFilesNamed(extras));
    }

    private record Setup(String app, String channel, String group, String track) {}

    private Setup serving(String version, Requests.@Nullable PolicyBuilder policy, String... extras) {
        var app = fixture.application(ApiFixture.unique("oem-app"));
        var channel = fixture.channel(app, "stable", pkg(app, version, extras));
        var track = ApiFixture.unique("track");
        var group = fixture.group(app, Requests.group("Stable").track(track).channel(channel).policy(policy));
        return new Setup(app, channel, group, track);
    }

    /** update_engine's check, reporting {@code oem} ("" for a node without one). */
    private String check(Setup setup, String machine, String oem, String version) {
        var xml = OmahaRequests.flatcarNode(setup.app(), machine, setup.track()).check(version, "")
                .replace("oem=\"ami\"", "oem=\"" + oem + "\"");
        return client.check(xml).value(UPDATE_STATUS);
    }

    private JsonNode state(String machine) {
        return client.getJson("/api/v1/instances/" + machine).get("applications").get(0);
    }

    @Test
    void holdsANodeWhoseOemExtensionTheTargetLacksAndGrantsTheOthers() {
        var setup = serving("2.0.0", null, "oem-azure.gz", "oem-qemu.gz");
        var vmware = ApiFixture.machineId();
        var azure = ApiFixture.machineId();
        var noOem = ApiFixture.machineId();

        assertThat(check(setup, vmware, "vmware", "1.0.0")).isEqualTo("noupdate");
        assertThat(state(vmware).get("status").asString()).isEqualTo("on_hold");
        assertThat(state(vmware).get("holdReason").asString()).isEqualTo("missing_extension");
        assertThat(check(setup, azure, "azure", "1.0.0")).isEqualTo("ok");
        assertThat(check(setup, noOem, "", "1.0.0")).isEqualTo("ok");

        // Asked again, the unchanged node takes the quick path, which decides the same.
        assertThat(check(setup, vmware, "vmware", "1.0.0")).isEqualTo("noupdate");
        assertThat(state(vmware).get("holdReason").asString()).isEqualTo("missing_extension");
        assertThat(client.getJson("/api/v1/apps/" + setup.app() + "/groups/" + setup.group()).get("holdReasons")
                .get("missing_extension").asLong()).isEqualTo(1);
    }

    @Test
    void grantsEveryNodeWhenThePackageShipsNoOemExtension() {
        var setup = serving("2.0.0", null, "flatcar-python.gz");

        assertThat(check(setup, ApiFixture.machineId(), "vmware", "1.0.0")).isEqualTo("ok");
        assertThat(client.getJson("/api/v1/apps/" + setup.app() + "/groups/" + setup.group() + "/missing-extensions")
                .isEmpty()).isTrue();
    }

    @Test
    void grantsTheNodeWhenTheGroupDoesNotHoldMissingExtensions() {
        var setup = serving("2.0.0", Requests.policy().holdMissingExtension(false), "oem-azure.gz");
        assertThat(client.getJson("/api/v1/apps/" + setup.app() + "/groups/" + setup.group())
                .get("policy").get("holdMissingExtension").asBoolean()).isFalse();

        assertThat(check(setup, ApiFixture.machineId(), "vmware", "1.0.0")).isEqualTo("ok");
    }

    @Test
    void grantsAHeldNodeOnceTheGroupStopsHoldingMissingExtensions() {
        var setup = serving("2.0.0", null, "oem-azure.gz");
        var vmware = ApiFixture.machineId();
        assertThat(check(setup, vmware, "vmware", "1.0.0")).isEqualTo("noupdate");

        client.ok("PUT", "/api/v1/apps/" + setup.app() + "/groups/" + setup.group(), Requests.group("Stable")
                .track(setup.track()).channel(setup.channel()).policy(Requests.policy().holdMissingExtension(false)));
        assertThat(check(setup, vmware, "vmware", "1.0.0")).isEqualTo("ok");
    }

    @Test
    void saysWhichOemsAreMissingAndHowManyNodesTheyAffect() {
        var setup = serving("2.0.0", null, "oem-azure.gz");
        for (int i = 0; i < 3; i++) {
            check(setup, ApiFixture.machineId(), "vmware", "1.0.0");
        }
        check(setup, ApiFixture.machineId(), "gce", "1.0.0");
        check(setup, ApiFixture.machineId(), "azure", "1.0.0");
        check(setup, ApiFixture.machineId(), "", "1.0.0");
        var base = "/api/v1/apps/" + setup.app();

        var expected = List.of("vmware:oem-vmware.gz:3", "gce:oem-gce.gz:1");
        assertThat(lines(client.getJson(base + "/groups/" + setup.group() + "/missing-extensions"))).isEqualTo(expected);
        assertThat(lines(client.getJson(base + "/channels/" + setup.channel() + "/missing-extensions"))).isEqualTo(expected);
        var served = client.getJson(base + "/channels/" + setup.channel()).get("packageId").asString();
        assertThat(lines(client.getJson(base + "/packages/" + served + "/missing-extensions"))).isEqualTo(expected);

        var groupPage = client.get("/apps/" + setup.app() + "/groups/" + setup.group()).body();
        assertThat(groupPage).contains("Missing OEM extensions").contains("oem-vmware.gz").contains("oem-gce.gz");
        var channelPage = client.get("/apps/" + setup.app() + "/channels/" + setup.channel()).body();
        assertThat(channelPage).contains("id=\"missing-extensions\"").contains("oem-vmware.gz");
        var appPage = client.get("/apps/" + setup.app()).body();
        assertThat(appPage).contains("oem-vmware.gz (3 nodes), oem-gce.gz (1 node)");
    }

    @Test
    void promotingAPackageThatLacksAnExtensionWarnsAndPromotesAllTheSame() {
        var setup = serving("2.0.0", null, "oem-azure.gz", "oem-vmware.gz");
        check(setup, ApiFixture.machineId(), "vmware", "1.0.0");
        check(setup, ApiFixture.machineId(), "vmware", "1.0.0");
        var lacking = pkg(setup.app(), "2.1.0", "oem-azure.gz");
        var complete = pkg(setup.app(), "2.2.0", "oem-azure.gz", "oem-vmware.gz");
        var path = "/api/v1/apps/" + setup.app() + "/channels/" + setup.channel();

        var preview = client.getJson(path + "/missing-extensions?packageId=" + lacking);
        assertThat(lines(preview)).containsExactly("vmware:oem-vmware.gz:2");

        var promoted = client.ok("PUT", path + "/package", Map.of("packageId", lacking));
        assertThat(promoted.get("packageId").asString()).isEqualTo(lacking);
        assertThat(promoted.get("warnings").get(0).asString())
                .isEqualTo("2.1.0 lacks oem-vmware.gz, needed by 2 nodes with OEM vmware");
        assertThat(lines(promoted.get("missingExtensions"))).containsExactly("vmware:oem-vmware.gz:2");

        var feed = client.getJson("/api/v1/activity?app=" + setup.app() + "&kind=extensions_missing");
        assertThat(feed.get("totalItems").asInt()).isEqualTo(1);
        assertThat(feed.get("items").get(0).get("severity").asString()).isEqualTo("warning");
        assertThat(feed.get("items").get(0).get("message").asString())
                .contains("2.1.0 lacks oem-vmware.gz, needed by 2 nodes with OEM vmware");

        var clean = client.ok("PUT", path + "/package", Map.of("packageId", complete));
        assertThat(clean.get("warnings").isEmpty()).isTrue();
        assertThat(client.getJson("/api/v1/activity?app=" + setup.app() + "&kind=extensions_missing")
                .get("totalItems").asInt()).isEqualTo(1);
    }

    private static List<String> lines(JsonNode missing) {
        var result = new ArrayList<String>();
        missing.forEach(m -> result.add(m.get("oem").asString() + ":" + m.get("fileName").asString() + ":"
                + m.get("nodes").asLong()));
        return result;
    }
}
