package dev.platte.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.ServerTest;
import dev.platte.support.Xml;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mandatory intermediate versions and withdrawn versions, through the endpoint and the API. */
class FloorsAndRevocationIntegrationTests extends ServerTest {

    private static final String UPDATE = "/response/app/updatecheck";

    /** Floors 2000 and 2500 (with a reason), target 3000, on one channel. */
    private ApiFixture.Release flooredRelease() {
        var release = fixture.release("3000.0.0");
        var floor2000 = fixture.pkg(release.appId(), "2000.0.0");
        var floor2500 = fixture.pkg(release.appId(), "2500.0.0");
        var floors = "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/floors";
        client.ok("POST", floors, Map.of("packageId", floor2000));
        client.ok("POST", floors, Map.of("packageId", floor2500, "reason", "cgroup v2 & Docker migration"));
        return release;
    }

    @Test
    void stepsANodeThroughEveryFloorOnePerCheck() {
        var release = flooredRelease();
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());

        assertThat(offered(node.check("1500.0.0", ""))).isEqualTo("2000.0.0");
        assertThat(offered(node.check("2000.0.0", "1500.0.0"))).isEqualTo("2500.0.0");
        assertThat(offered(node.check("2500.0.0", "2000.0.0"))).isEqualTo("3000.0.0");
        assertThat(client.check(node.check("3000.0.0", "2500.0.0")).value(UPDATE + "/@status")).isEqualTo("noupdate");
    }

    @Test
    void offersTheNextFloorAboveTheNodesVersion() {
        var release = flooredRelease();

        assertThat(offered(OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track())
                .check("2200.0.0", ""))).isEqualTo("2500.0.0");
        assertThat(offered(OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track())
                .check("2700.0.0", ""))).isEqualTo("3000.0.0");
    }

    @Test
    void givesASyncerEveryStepAsSeveralManifests() {
        var release = flooredRelease();
        var xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <request protocol="3.0" version="CoreOSUpdateEngine-0.1.0.0" updaterversion="CoreOSUpdateEngine-0.1.0.0" installsource="scheduler" ismachine="1">
                  <os version="Chateau" platform="CoreOS" sp="1500.0.0_x86_64"></os>
                  <app appid="%s" version="1500.0.0" track="%s" machineid="{syncer-%s}" board="amd64-usr" multi_manifest_ok="true">
                    <updatecheck></updatecheck>
                  </app>
                </request>
                """.formatted(release.appId(), release.track(), ApiFixture.machineId());

        var answer = Xml.parse(client.omaha("/v1/update/" + IntegrationTest.SYNCER_SECRET,
                xml.getBytes(StandardCharsets.UTF_8)).body());

        assertThat(answer.count(UPDATE + "/manifest")).isEqualTo(3);
        assertThat(answer.value(UPDATE + "/manifest[1]/@version")).isEqualTo("2000.0.0");
        assertThat(answer.value(UPDATE + "/manifest[1]/@is_floor")).isEqualTo("true");
        assertThat(answer.value(UPDATE + "/manifest[2]/@floor_reason")).isEqualTo("cgroup v2 & Docker migration");
        assertThat(answer.value(UPDATE + "/manifest[3]/@is_target")).isEqualTo("true");
        assertThat(answer.value(UPDATE + "/manifest[3]/@version")).isEqualTo("3000.0.0");
    }

    @Test
    void refusesASingleManifestSyncerPastAFloor() {
        var release = flooredRelease();
        var xml = """
                <request protocol="3.0" version="CoreOSUpdateEngine-0.1.0.0" installsource="scheduler">
                  <app appid="%s" version="1500.0.0" track="%s" machineid="legacy%s" board="amd64-usr"><updatecheck/></app>
                </request>
                """.formatted(release.appId(), release.track(), ApiFixture.machineId());

        assertThat(client.check(xml).value(UPDATE + "/@status")).isEqualTo("noupdate");
    }

    @Test
    void neverOffersARevokedVersionAndWithdrawsItFromNodesThatHaveNotStarted() {
        var release = fixture.release("1.1.0");
        var waiting = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        var downloading = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        assertThat(offered(waiting.check("1.0.0", ""))).isEqualTo("1.1.0");
        assertThat(offered(downloading.check("1.0.0", ""))).isEqualTo("1.1.0");
        client.check(downloading.event("1.0.0", 13, 1));
        var fixed = fixture.pkg(release.appId(), "1.1.1");
        var packages = "/api/v1/apps/" + release.appId() + "/packages/";

        var refused = client.send("POST", packages + release.packageId() + "/revoke", Map.of("reason", "boot loop"));
        assertThat(refused.statusCode()).as("the channel still serves it").isEqualTo(409);

        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/package",
                Map.of("packageId", fixed));
        var revocation = client.ok("POST", packages + release.packageId() + "/revoke", Map.of("reason", "boot loop"));
        assertThat(revocation.get("actor").asString()).isEqualTo(IntegrationTest.ADMIN);

        assertThat(client.check(waiting.check("1.0.0", "")).value(UPDATE + "/@status")).isEqualTo("noupdate");
        var state = client.getJson("/api/v1/instances/" + waiting.machineId()).get("applications").get(0);
        assertThat(state.get("status").asString()).isEqualTo("on_hold");
        assertThat(state.get("holdReason").asString()).isEqualTo("revoked");
        assertThat(offered(waiting.check("1.0.0", ""))).isEqualTo("1.1.1");
        assertThat(offered(downloading.check("1.0.0", ""))).as("already downloading: carries on").isEqualTo("1.1.0");

        var promoteBack = client.send("PUT",
                "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/package",
                Map.of("packageId", release.packageId()));
        assertThat(promoteBack.statusCode()).isEqualTo(409);
        assertThat(client.send("POST", packages + release.packageId() + "/revoke", Map.of("reason", "again"))
                .statusCode()).isEqualTo(409);
        assertThat(client.getJson("/api/v1/activity?kind=package_revoked&app=" + release.appId()).get("items").get(0)
                .get("message").asString()).contains("1.1.0 revoked from every channel: boot loop");
    }

    @Test
    void refusesToRevokeAFloorOrToDeleteAFloorPackage() {
        var release = flooredRelease();
        var floors = client.getJson("/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/floors");
        var floorPackage = floors.get(0).get("packageId").asString();

        assertThat(client.send("POST", "/api/v1/apps/" + release.appId() + "/packages/" + floorPackage + "/revoke",
                Map.of("reason", "x")).statusCode()).isEqualTo(409);
        assertThat(client.send("DELETE", "/api/v1/apps/" + release.appId() + "/packages/" + floorPackage, "")
                .statusCode()).isEqualTo(409);
    }

    private String offered(String request) {
        Xml answer = client.check(request);
        assertThat(answer.value(UPDATE + "/@status")).isEqualTo("ok");
        return answer.value(UPDATE + "/manifest/@version");
    }
}
