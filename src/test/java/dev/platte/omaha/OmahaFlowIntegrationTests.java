package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.ServerTest;
import dev.platte.support.Xml;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One Flatcar machine walked through whole update flows over HTTP, against real PostgreSQL. */
class OmahaFlowIntegrationTests extends ServerTest {

    private static final String UPDATE = "/response/app/updatecheck";

    @Test
    void walksOneMachineFromCheckThroughRebootToComplete() {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode("{" + release.appId() + "}", machine, release.track());

        var offer = client.check(node.check("3760.2.0", ""));
        assertThat(offer.value("/response/@protocol")).isEqualTo("3.0");
        assertThat(offer.value("/response/@server")).isEqualTo("platte");
        assertThat(offer.value("/response/app/@appid")).isEqualTo("{" + release.appId() + "}");
        assertThat(offer.value("/response/app/@status")).isEqualTo("ok");
        assertThat(offer.value("/response/app/ping/@status")).isEqualTo("ok");
        assertThat(offer.value("/response/app/event/@status")).isEqualTo("ok");
        assertThat(offer.value(UPDATE + "/@status")).isEqualTo("ok");
        assertThat(offer.value(UPDATE + "/urls/url/@codebase")).isEqualTo("https://updates.example.com/amd64-usr/3815.2.0/");
        assertThat(offer.value(UPDATE + "/manifest/@version")).isEqualTo("3815.2.0");
        assertThat(offer.value(UPDATE + "/manifest/packages/package[1]/@name")).isEqualTo("flatcar_production_update.gz");
        assertThat(offer.value(UPDATE + "/manifest/packages/package[1]/@size")).isEqualTo("479970432");
        assertThat(offer.value(UPDATE + "/manifest/packages/package[1]/@hash")).isEqualTo(ApiFixture.SHA1);
        assertThat(offer.value(UPDATE + "/manifest/packages/package[1]/@required")).isEqualTo("true");
        assertThat(offer.value(UPDATE + "/manifest/packages/package[2]/@name")).isEqualTo("oem-azure.gz");
        assertThat(offer.value(UPDATE + "/manifest/packages/package[2]/@hash_sha256")).isEqualTo(ApiFixture.SHA256_HEX);
        assertThat(offer.value(UPDATE + "/manifest/packages/package[2]/@required")).isEqualTo("false");
        assertThat(offer.count(UPDATE + "/manifest/actions/action")).isEqualTo(1);
        assertThat(offer.value(UPDATE + "/manifest/actions/action[@event='postinstall']/@sha256")).isEqualTo(ApiFixture.SHA256);
        assertThat(offer.value(UPDATE + "/manifest/actions/action/@DisablePayloadBackoff")).isEqualTo("true");
        assertThat(statuses(machine)).containsExactly("granted");

        assertEventAcknowledged(node.event("3760.2.0", 13, 1));
        assertThat(statuses(machine)).containsExactly("granted", "downloading");
        assertEventAcknowledged(node.event("3760.2.0", 14, 1));
        assertThat(statuses(machine)).containsExactly("granted", "downloading", "downloaded");
        assertEventAcknowledged(node.event("3760.2.0", 3, 1));
        assertThat(statuses(machine)).containsExactly("granted", "downloading", "downloaded", "installed");

        var pong = client.check(node.ping("3760.2.0"));
        assertThat(pong.value("/response/app/ping/@status")).isEqualTo("ok");
        assertThat(pong.count(UPDATE)).isZero();
        assertThat(pong.count("/response/app/event")).isZero();
        assertThat(statuses(machine)).containsExactly("granted", "downloading", "downloaded", "installed");

        var afterReboot = client.check(node.check("3815.2.0", "3760.2.0"));
        assertThat(afterReboot.value(UPDATE + "/@status")).isEqualTo("noupdate");
        assertThat(afterReboot.count(UPDATE + "/manifest")).isZero();
        assertThat(statuses(machine))
                .containsExactly("granted", "downloading", "downloaded", "installed", "complete");

        var app = instanceApp(machine);
        assertThat(app.get("version").asString()).isEqualTo("3815.2.0");
        assertThat(app.get("status").asString()).isEqualTo("complete");
        assertThat(app.get("updateInProgress").asBoolean()).isFalse();
        assertThat(types(app.get("events"))).containsExactly("13/1", "14/1", "3/1", "3/2");

        // The next periodic check says "nothing new" and changes nothing.
        var later = client.check(node.check("3815.2.0", ""));
        assertThat(later.value(UPDATE + "/@status")).isEqualTo("noupdate");
        assertThat(statuses(machine)).hasSize(5);
    }

    @Test
    void answersAgainNormallyAfterAnUpdateError() {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode(release.appId(), machine, release.track());

        assertThat(client.check(node.check("3760.2.0", "")).value(UPDATE + "/@status")).isEqualTo("ok");
        assertEventAcknowledged(node.event("3760.2.0", 13, 1));
        // PayloadHashMismatch (10) with the TestOmahaUrl flag that every self-hosted server causes.
        assertEventAcknowledged(node.errorEvent("3760.2.0", 268435466L));

        var app = instanceApp(machine);
        assertThat(app.get("status").asString()).isEqualTo("error");
        assertThat(app.get("lastErrorCode").asLong()).isEqualTo(268435466L);
        assertThat(app.get("statusHistory").get(2).get("errorCode").asLong()).isEqualTo(268435466L);

        var retry = client.check(node.check("3760.2.0", ""));
        assertThat(retry.value("/response/app/@status")).isEqualTo("ok");
        assertThat(retry.value(UPDATE + "/@status")).isEqualTo("ok");
        assertThat(statuses(machine)).containsExactly("granted", "downloading", "error", "granted");
    }

    @Test
    void servesTheSameUpdateAgainWhenAGrantedMachineAsksBeforeDownloading() {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode(release.appId(), machine, release.track());

        client.check(node.check("3760.2.0", ""));
        var again = client.check(node.check("3760.2.0", ""));

        assertThat(again.value(UPDATE + "/@status")).isEqualTo("ok");
        assertThat(again.value(UPDATE + "/manifest/@version")).isEqualTo("3815.2.0");
        assertThat(statuses(machine)).containsExactly("granted");
    }

    @Test
    void answersEveryAppOfAMultiAppRequestEvenWhenOneIsUnknown() {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <request protocol="3.0" version="update_engine-0.4.10" ismachine="1">
                  <os version="Chateau" platform="CoreOS" sp="3760.2.0_x86_64"></os>
                  <app appid="{00000000-0000-0000-0000-00000000beef}" version="1.0.0" track="stable" machineid="%s" board="amd64-usr">
                    <ping active="1"></ping><updatecheck></updatecheck>
                  </app>
                  <app appid="%s" version="3760.2.0" track="%s" machineid="%s" board="amd64-usr">
                    <ping active="1"></ping><updatecheck></updatecheck>
                    <event eventtype="3" eventresult="2" previousversion=""></event>
                  </app>
                </request>
                """.formatted(machine, release.appId().toUpperCase(), release.track(), machine);

        var answer = client.check(xml);

        assertThat(answer.count("/response/app")).isEqualTo(2);
        assertThat(answer.value("/response/app[1]/@appid")).isEqualTo("{00000000-0000-0000-0000-00000000beef}");
        assertThat(answer.value("/response/app[1]/@status")).isEqualTo("error-unknownApplication");
        assertThat(answer.count("/response/app[1]/*")).isZero();
        assertThat(answer.value("/response/app[2]/@appid")).isEqualTo(release.appId().toUpperCase());
        assertThat(answer.value("/response/app[2]/@status")).isEqualTo("ok");
        assertThat(answer.value("/response/app[2]/updatecheck/@status")).isEqualTo("ok");
        assertThat(answer.count("/response/app[2]/event")).isEqualTo(1);
    }

    @Test
    void registersAMachineFromItsFirstEventInsteadOfDroppingIt() {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode(release.appId(), machine, release.track());

        assertEventAcknowledged(node.errorEvent("3760.2.0", 268435490L));

        var instance = client.getJson("/api/v1/instances/" + machine);
        assertThat(instance.get("oem").asString()).isEqualTo("ami");
        assertThat(instance.get("alephVersion").asString()).isEqualTo("1688.5.3");
        assertThat(instance.get("ip").asString()).isNotBlank();
        assertThat(types(instance.get("applications").get(0).get("events"))).containsExactly("3/0");
    }

    @Test
    void answersNoUpdateWhenNoGroupHasTheTrack() {
        var release = fixture.release("3815.2.0");
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), "no-such-track");

        var answer = client.check(node.check("3760.2.0", ""));

        assertThat(answer.value("/response/app/@status")).isEqualTo("ok");
        assertThat(answer.value(UPDATE + "/@status")).isEqualTo("noupdate");
    }

    @Test
    void neverOffersADowngradeOrTheRunningVersion() {
        var release = fixture.release("3815.2.0");
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());

        assertThat(client.check(node.check("3815.2.0", "")).value(UPDATE + "/@status")).isEqualTo("noupdate");
        assertThat(client.check(node.check("3815.2.0+build.7", "")).value(UPDATE + "/@status")).isEqualTo("noupdate");
        assertThat(client.check(node.check("4000.0.0", "")).value(UPDATE + "/@status")).isEqualTo("noupdate");
    }

    @Test
    void holdsAPausedGroupWithNoUpdateAndRecordsWhy() {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode(release.appId(), machine, release.track());
        client.ok("POST", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/pause",
                java.util.Map.of("reason", "kernel panic on r5 instances"));

        var answer = client.check(node.check("3760.2.0", ""));

        assertThat(answer.value("/response/app/@status")).isEqualTo("ok");
        assertThat(answer.value(UPDATE + "/@status")).isEqualTo("noupdate");
        var app = instanceApp(machine);
        assertThat(app.get("status").asString()).isEqualTo("on_hold");
        assertThat(app.get("holdReason").asString()).isEqualTo("paused");
    }

    @Test
    void findsTheGroupByItsIdAndTheApplicationByProductId() {
        var release = fixture.release("3815.2.0");
        var productId = client.getJson("/api/v1/apps/" + release.appId()).get("productId").asString();
        var node = OmahaRequests.flatcarNode(productId.toUpperCase(), ApiFixture.machineId(), release.groupId());

        var answer = client.check(node.check("3760.2.0", ""));

        assertThat(answer.value("/response/app/@appid")).isEqualTo(productId.toUpperCase());
        assertThat(answer.value(UPDATE + "/@status")).isEqualTo("ok");
    }

    @Test
    void mapsLegacyCoreOsGroupIdsToTheirTracks() {
        // Flatcar's own application is seeded with a "stable" group per arch; the legacy arm64 stable id
        // must land in the arm64 group.
        var machine = ApiFixture.machineId();
        var node = new OmahaRequests("{e96281a6-d1af-4bde-9a0a-97b76e56dc57}", machine,
                "11a585f6-9418-4df0-8863-78b2fd3240f8", "arm64-usr");

        client.check(node.check("3760.2.0", ""));

        var groupId = instanceApp(machine).get("groupId").asString();
        var group = client.getJson("/api/v1/apps/e96281a6-d1af-4bde-9a0a-97b76e56dc57/groups/" + groupId);
        assertThat(group.get("track").asString()).isEqualTo("stable");
        assertThat(group.get("name").asString()).isEqualTo("Stable (ARM64)");
    }

    @Test
    void keepsTheAliasTheNodeSends() {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var xml = OmahaRequests.flatcarNode(release.appId(), machine, release.track()).ping("3760.2.0")
                .replace("machinealias=\"\"", "machinealias=\"web &amp; db 7\"");

        client.check(xml);
        client.check(OmahaRequests.flatcarNode(release.appId(), machine, release.track()).ping("3760.2.0"));

        assertThat(client.getJson("/api/v1/instances/" + machine).get("alias").asString()).isEqualTo("web & db 7");
    }

    @Test
    void treatsInstallSuccessWithoutCompletionAsInstalled() {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode(release.appId(), machine, release.track());
        client.check(node.check("3760.2.0", ""));

        assertEventAcknowledged(node.event("3760.2.0", 800, 1));

        assertThat(statuses(machine)).containsExactly("granted", "installed");
    }

    @Test
    void grantsOnceWhenOneNewMachineSendsManyChecksAtOnce() throws Exception {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var check = OmahaRequests.flatcarNode(release.appId(), machine, release.track()).check("3760.2.0", "");
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(12)) {
            var answers = new ArrayList<java.util.concurrent.Future<Xml>>();
            for (int i = 0; i < 24; i++) {
                answers.add(pool.submit(() -> client.check(check)));
            }
            for (var answer : answers) {
                assertThat(answer.get().value(UPDATE + "/@status")).isEqualTo("ok");
            }
        }

        assertThat(statuses(machine)).containsExactly("granted");
    }

    private void assertEventAcknowledged(String xml) {
        var answer = client.check(xml);
        assertThat(answer.value("/response/app/@status")).isEqualTo("ok");
        assertThat(answer.value("/response/app/event/@status")).isEqualTo("ok");
        assertThat(answer.count("/response/app/updatecheck")).isZero();
    }

    private JsonNode instanceApp(String machine) {
        return client.getJson("/api/v1/instances/" + machine).get("applications").get(0);
    }

    private List<String> statuses(String machine) {
        var result = new ArrayList<String>();
        instanceApp(machine).get("statusHistory").forEach(entry -> result.add(entry.get("status").asString()));
        return result;
    }

    private static List<String> types(JsonNode events) {
        var result = new ArrayList<String>();
        events.forEach(e -> result.add(e.get("type").asInt() + "/" + e.get("result").asInt()));
        return result;
    }
}
