package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Clients and flows that update_engine's happy path does not show, over HTTP. */
class OmahaFidelityIntegrationTests extends ServerTest {

    private static final String UPDATE = "/response/app/updatecheck";

    @Test
    void servesARequestThatNamesTheMachineOnlyInTheRequestUserId() {
        var release = fixture.release("3815.2.0");
        var machine = "{" + java.util.UUID.randomUUID().toString().toUpperCase() + "}";

        var answer = client.check("""
                <?xml version="1.0" encoding="UTF-8"?>
                <request protocol="3.0" version="1.3.36.1" userid="%s" sessionid="{5A4F2D6C-0000-4000-8000-000000000001}">\
                <os platform="linux" arch="x64"></os><app appid="{%s}" version="3760.2.0" track="%s">\
                <updatecheck></updatecheck></app></request>""".formatted(machine, release.appId(), release.track()));

        assertThat(answer.value("/response/app/@status")).isEqualTo("ok");
        assertThat(answer.value(UPDATE + "/@status")).isEqualTo("ok");
        var encoded = machine.replace("{", "%7B").replace("}", "%7D");
        assertThat(client.getJson("/api/v1/instances/" + encoded).get("applications").get(0)
                .get("status").asString()).isEqualTo("granted");
    }

    @Test
    void answersAFailedAppWithItsStatusAloneAndNoErrorInternal() {
        var release = fixture.release("3815.2.0");
        var node = OmahaRequests.flatcarNode("{" + release.appId() + "}", "", release.track());

        var answer = client.check(node.check("3760.2.0", ""));

        assertThat(answer.value("/response/app/@status")).isEqualTo("error-invalidMachineId");
        assertThat(answer.count(UPDATE)).isZero();
        assertThat(answer.count("/response/app/ping")).isZero();
        assertThat(answer.count("/response/app/event")).isZero();
    }

    @Test
    void aNodeWhoseDownloadFailedAndWhichRunsTheGrantedVersionLaterIsComplete() {
        var release = fixture.release("3815.2.0");
        var machine = ApiFixture.machineId();
        var node = OmahaRequests.flatcarNode("{" + release.appId() + "}", machine, release.track());
        assertThat(client.check(node.check("3760.2.0", "")).value(UPDATE + "/@status")).isEqualTo("ok");
        client.check(node.event("3760.2.0", 13, 1));
        client.check(node.errorEvent("3760.2.0", 268435465L));
        assertThat(state(machine).get("status").asString()).isEqualTo("error");
        assertThat(group(release).get("rollout").get("failures").asInt()).isEqualTo(1);

        var afterReboot = client.check(node.check("3815.2.0", "3760.2.0"));

        assertThat(afterReboot.value(UPDATE + "/@status")).isEqualTo("noupdate");
        var state = state(machine);
        assertThat(state.get("status").asString()).isEqualTo("complete");
        assertThat(state.get("version").asString()).isEqualTo("3815.2.0");
        assertThat(group(release).get("rollout").get("failures").asInt()).isZero();
        var stats = client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/stats");
        assertThat(stats.get("statuses").get("counts").get("complete").asLong()).isEqualTo(1);
        assertThat(stats.get("statuses").get("counts").has("error")).isFalse();
        assertThat(stats.get("versions").get("counts").get("3815.2.0").asLong()).isEqualTo(1);
    }

    private JsonNode state(String machine) {
        return client.getJson("/api/v1/instances/" + machine).get("applications").get(0);
    }

    private JsonNode group(ApiFixture.Release release) {
        return client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + release.groupId());
    }
}
