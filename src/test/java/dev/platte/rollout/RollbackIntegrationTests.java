package dev.platte.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.Requests;
import dev.platte.support.ServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rolling a channel back, and "revoke and roll back", through the API and the Omaha endpoint: nodes on the
 * newer version are offered the older one as a downgrade, paced by their group's policy, and complete when
 * they report it.
 */
class RollbackIntegrationTests extends ServerTest {

    private static final String UPDATE = "/response/app/updatecheck";
    private static final String OLD = "3760.2.0";
    private static final String NEW = "3815.2.0";

    /** An application whose channel serves {@link #NEW} and also holds {@link #OLD}. */
    private record Fleet(String appId, String oldId, String newId, String channelId, String groupId, String track) {

        String channelPath() {
            return "/api/v1/apps/" + appId + "/channels/" + channelId;
        }

        String groupPath() {
            return "/api/v1/apps/" + appId + "/groups/" + groupId;
        }
    }

    private Fleet fleet(Requests.@Nullable PolicyBuilder policy) {
        var app = fixture.application(ApiFixture.unique("rollback"));
        var old = fixture.pkg(app, OLD);
        var current = fixture.pkg(app, NEW);
        var channel = fixture.channel(app, "stable", current);
        var track = ApiFixture.unique("track");
        var group = fixture.group(app, Requests.group("Stable").track(track).channel(channel).policy(policy));
        return new Fleet(app, old, current, channel, group, track);
    }

    @Test
    void aRolledBackChannelDowngradesANodeThroughTheWholeOmahaExchangeAndCountsItInTheRollout() {
        var fleet = fleet(null);
        var machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode("{" + fleet.appId() + "}", machine, fleet.track());
        assertThat(client.check(node.check(NEW, "")).value(UPDATE + "/@status")).isEqualTo("noupdate");

        var channel = client.ok("POST", fleet.channelPath() + "/rollback",
                Map.of("packageId", fleet.oldId(), "reason", "kubelet fails to start on 3815.2.0"));
        assertThat(channel.get("packageId").asString()).isEqualTo(fleet.oldId());
        assertThat(channel.get("rollback").get("fromVersion").asString()).isEqualTo(NEW);
        assertThat(channel.get("rollback").get("reason").asString()).isEqualTo("kubelet fails to start on 3815.2.0");
        assertThat(channel.get("rollback").get("by").asString()).isEqualTo("admin");

        var offer = client.check(node.check(NEW, ""));
        assertThat(offer.value("/response/app/@status")).isEqualTo("ok");
        assertThat(offer.value(UPDATE + "/@status")).isEqualTo("ok");
        assertThat(offer.value(UPDATE + "/urls/url/@codebase")).isEqualTo("https://updates.example.com/amd64-usr/3760.2.0/");
        assertThat(offer.value(UPDATE + "/manifest/@version")).isEqualTo(OLD);
        assertThat(offer.value(UPDATE + "/manifest/packages/package[1]/@name")).isEqualTo("flatcar_production_update.gz");
        assertThat(offer.value(UPDATE + "/manifest/packages/package[1]/@hash")).isEqualTo(ApiFixture.SHA1);
        assertThat(offer.value(UPDATE + "/manifest/actions/action[@event='postinstall']/@sha256")).isEqualTo(ApiFixture.SHA256);
        assertThat(statuses(machine)).containsExactly("granted");

        // Asking again before downloading gets the same downgrade, not a second grant.
        assertThat(client.check(node.check(NEW, "")).value(UPDATE + "/manifest/@version")).isEqualTo(OLD);
        assertThat(statuses(machine)).containsExactly("granted");

        acknowledged(node.event(NEW, 13, 1));
        acknowledged(node.event(NEW, 14, 1));
        acknowledged(node.event(NEW, 3, 1));
        assertThat(statuses(machine)).containsExactly("granted", "downloading", "downloaded", "installed");

        var afterReboot = client.check(node.check(OLD, NEW));
        assertThat(afterReboot.value(UPDATE + "/@status")).isEqualTo("noupdate");
        assertThat(statuses(machine)).containsExactly("granted", "downloading", "downloaded", "installed", "complete");
        var app = instanceApp(machine);
        assertThat(app.get("version").asString()).isEqualTo(OLD);
        assertThat(app.get("updateInProgress").asBoolean()).isFalse();
        assertThat(types(app.get("events"))).containsExactly("13/1", "14/1", "3/1", "3/2");

        var group = client.getJson(fleet.groupPath());
        assertThat(group.get("rollout").get("targetVersion").asString()).isEqualTo(OLD);
        assertThat(group.get("rollout").get("completedAt").isNull()).isFalse();
        assertThat(client.getJson(fleet.groupPath() + "/stats").get("versions").get("counts").get(OLD).asLong())
                .isEqualTo(1);
        assertThat(client.check(node.check(OLD, "")).value(UPDATE + "/@status")).isEqualTo("noupdate");
        assertThat(statuses(machine)).hasSize(5);

        // Rolling forward is an ordinary promotion of the newer package: it ends the rollback.
        var forward = client.ok("PUT", fleet.channelPath() + "/package", Map.of("packageId", fleet.newId()));
        assertThat(forward.get("packageId").asString()).isEqualTo(fleet.newId());
        assertThat(client.getJson(fleet.channelPath()).get("rollback").isNull()).isTrue();
        assertThat(client.check(node.check(OLD, "")).value(UPDATE + "/manifest/@version")).isEqualTo(NEW);
    }

    @Test
    void anOrdinaryPromotionOfAnOlderPackageStillNeverDowngrades() {
        var fleet = fleet(null);
        var node = OmahaRequests.flatcarNode(fleet.appId(), ApiFixture.machineId(), fleet.track());
        client.check(node.check(NEW, ""));

        client.ok("PUT", fleet.channelPath() + "/package", Map.of("packageId", fleet.oldId()));

        assertThat(client.getJson(fleet.channelPath()).get("rollback").isNull()).isTrue();
        assertThat(client.check(node.check(NEW, "")).value(UPDATE + "/@status")).isEqualTo("noupdate");
    }

    @Test
    void aRollbackIsPacedByTheGroupPolicyLikeAnyRollout() {
        var fleet = fleet(Requests.policy().maxUpdates(1, Duration.ofHours(1)));
        var first = OmahaRequests.flatcarNode(fleet.appId(), ApiFixture.machineId(), fleet.track());
        var secondMachine = ApiFixture.machineId();
        var second = OmahaRequests.flatcarNode(fleet.appId(), secondMachine, fleet.track());
        client.check(first.check(NEW, ""));
        client.check(second.check(NEW, ""));

        client.ok("POST", fleet.channelPath() + "/rollback", Map.of("packageId", fleet.oldId(), "reason", "bad release"));

        assertThat(client.check(first.check(NEW, "")).value(UPDATE + "/manifest/@version")).isEqualTo(OLD);
        assertThat(client.check(second.check(NEW, "")).value(UPDATE + "/@status")).isEqualTo("noupdate");
        var held = instanceApp(secondMachine);
        assertThat(held.get("status").asString()).isEqualTo("on_hold");
        assertThat(held.get("holdReason").asString()).isEqualTo("period_limit");
    }

    @Test
    void revokeAndRollBackRevokesTheServedVersionAndBringsItsNodesBackToThePreviousGoodPackageAtThePolicysPace() {
        var fleet = fleet(Requests.policy().maxUpdates(1, Duration.ofHours(1)));
        // A package between the two, revoked already: the rollback skips it.
        var broken = fixture.pkg(fleet.appId(), "3790.0.0");
        client.ok("POST", "/api/v1/apps/" + fleet.appId() + "/packages/" + broken + "/revoke", Map.of("reason", "broken"));
        var firstMachine = ApiFixture.machineId();
        var first = OmahaRequests.flatcarNode(fleet.appId(), firstMachine, fleet.track());
        var secondMachine = ApiFixture.machineId();
        var second = OmahaRequests.flatcarNode(fleet.appId(), secondMachine, fleet.track());
        client.check(first.check(NEW, ""));
        client.check(second.check(NEW, ""));
        var revokePath = "/api/v1/apps/" + fleet.appId() + "/packages/" + fleet.newId();
        assertThat(client.send("POST", revokePath + "/revoke", Map.of("reason", "x")).statusCode())
                .as("a served version still cannot be revoked alone").isEqualTo(409);

        var revocation = client.send("POST", revokePath + "/revoke-and-roll-back",
                Map.of("reason", "etcd corrupts its data on 3815.2.0"));

        assertThat(revocation.statusCode()).isEqualTo(201);
        var channel = client.getJson(fleet.channelPath());
        assertThat(channel.get("packageId").asString()).isEqualTo(fleet.oldId());
        assertThat(channel.get("rollback").get("fromVersion").asString()).isEqualTo(NEW);
        assertThat(client.getJson(revokePath + "/revocations").get(0).get("reason").asString())
                .isEqualTo("etcd corrupts its data on 3815.2.0");
        assertThat(client.check(first.check(NEW, "")).value(UPDATE + "/manifest/@version")).isEqualTo(OLD);
        assertThat(client.check(second.check(NEW, "")).value(UPDATE + "/@status")).isEqualTo("noupdate");
        assertThat(instanceApp(secondMachine).get("holdReason").asString()).isEqualTo("period_limit");

        acknowledged(first.event(NEW, 13, 1));
        acknowledged(first.event(NEW, 14, 1));
        acknowledged(first.event(NEW, 3, 1));
        client.check(first.check(OLD, NEW));
        assertThat(instanceApp(firstMachine).get("status").asString()).isEqualTo("complete");
    }

    @Test
    void revokeAndRollBackChangesNothingWhenThereIsNoOlderPackageToGoBackTo() {
        var release = fixture.release(NEW);
        var path = "/api/v1/apps/" + release.appId() + "/packages/" + release.packageId();

        var refused = client.send("POST", path + "/revoke-and-roll-back", Map.of("reason", "bad"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(fields(refused)).containsExactly("toPackageId");
        assertThat(client.getJson(path + "/revocations")).isEmpty();
        assertThat(client.getJson("/api/v1/apps/" + release.appId() + "/channels/" + release.channelId())
                .get("packageId").asString()).isEqualTo(release.packageId());
    }

    @Test
    void refusesARollbackToANewerRevokedOrOtherArchPackageOrWithoutAReasonNamingTheField() {
        var fleet = fleet(null);
        var newer = fixture.pkg(fleet.appId(), "3900.0.0");
        var revoked = fixture.pkg(fleet.appId(), "3700.0.0");
        client.ok("POST", "/api/v1/apps/" + fleet.appId() + "/packages/" + revoked + "/revoke", Map.of("reason", "bad"));
        var arm = client.ok("POST", "/api/v1/apps/" + fleet.appId() + "/packages",
                Requests.pkg("3600.0.0").arch("arm64")).get("id").asString();
        var path = fleet.channelPath() + "/rollback";

        for (var packageId : List.of(newer, fleet.newId(), revoked, arm)) {
            var refused = client.send("POST", path, Map.of("packageId", packageId, "reason", "bad release"));
            assertThat(refused.statusCode()).as(packageId).isEqualTo(400);
            assertThat(fields(refused)).containsExactly("packageId");
        }
        var noReason = new HashMap<String, Object>(Map.of("packageId", fleet.oldId()));
        assertThat(fields(client.send("POST", path, noReason))).containsExactly("reason");
        assertThat(client.getJson(fleet.channelPath()).get("packageId").asString()).isEqualTo(fleet.newId());
    }

    private void acknowledged(String xml) {
        var answer = client.check(xml);
        assertThat(answer.value("/response/app/event/@status")).isEqualTo("ok");
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

    private static List<String> fields(java.net.http.HttpResponse<String> response) {
        var result = new ArrayList<String>();
        PlatteClient.json(response).get("errors").forEach(e -> result.add(e.get("field").asString()));
        return result;
    }
}
