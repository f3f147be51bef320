package dev.platte.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.PlatteClient;
import dev.platte.support.ServerTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A group's enrollment through the API and its page; the Ignition file decoded byte for byte. */
class EnrollmentIntegrationTests extends ServerTest {

    @Test
    void givesTheUpdateConfAsButaneAndAsIgnitionWhoseFileDecodesToItExactly() {
        var release = fixture.release("4000.0.0");
        var path = "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/enrollment?machineAlias=web-7";

        var enrollment = client.getJson(path);

        var expected = "SERVER=http://localhost:" + port + "/v1/update/\nGROUP=" + release.track() + "\nMACHINE_ALIAS=web-7\n";
        assertThat(enrollment.get("updateConf").asString()).isEqualTo(expected);
        assertThat(enrollment.get("butane").asString()).startsWith("variant: flatcar\nversion: 1.0.0\n")
                .contains("      mode: 0644\n", "          GROUP=" + release.track() + "\n");
        var ignition = JsonMapper.builder().build().readTree(enrollment.get("ignition").asString());
        assertThat(ignition.get("ignition").get("version").asString()).isEqualTo("3.3.0");
        var file = ignition.get("storage").get("files").get(0);
        assertThat(file.get("path").asString()).isEqualTo("/etc/flatcar/update.conf");
        assertThat(file.get("mode").asInt()).isEqualTo(420);
        assertThat(file.get("overwrite").asBoolean()).isTrue();
        assertThat(file.get("contents").get("compression").asString()).isEmpty();
        var source = file.get("contents").get("source").asString();
        assertThat(source).startsWith("data:,");
        assertThat(percentDecode(source.substring("data:,".length())))
                .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        var fleetLock = enrollment.get("fleetLock");
        assertThat(fleetLock.get("baseUrl").asString()).isEqualTo("http://localhost:" + port + "/fleetlock/");
        assertThat(fleetLock.get("rebootGroup").asString()).isEqualTo(release.track());
        assertThat(fleetLock.get("zincatiConfig").asString()).contains("strategy = \"fleet_lock\"");
    }

    @Test
    void namesTheDownloadCredentialWhenTheApplicationRequiresOneButNeverItsSecret() {
        var release = fixture.release("4000.0.3");
        var path = "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/enrollment";
        assertThat(client.getJson(path).get("updateConf").asString()).doesNotContain("DOWNLOAD_USER");

        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/payload-access", java.util.Map.of("credentialsRequired", true));
        var issued = client.ok("POST", "/api/v1/apps/" + release.appId() + "/payload-credentials",
                java.util.Map.of("name", "fleet-2026"));

        var conf = client.getJson(path).get("updateConf").asString();
        assertThat(conf).endsWith("DOWNLOAD_USER=fleet-2026\nDOWNLOAD_PASSWORD="
                + EnrollmentService.DOWNLOAD_PASSWORD_PLACEHOLDER + "\n");
        assertThat(conf).doesNotContain(issued.get("secret").asString());
    }

    @Test
    void refusesAnAliasThatWouldBreakTheFileNamingTheField() {
        var release = fixture.release("4000.0.1");

        var response = client.get("/api/v1/apps/" + release.appId() + "/groups/" + release.groupId()
                + "/enrollment?machineAlias=a%0ASERVER%3Devil");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(PlatteClient.json(response).toString()).contains("machineAlias");
    }

    @Test
    void showsTheEnrollmentWithCopyButtonsOnTheGroupsPage() {
        var release = fixture.release("4000.0.2");
        var fragmentPath = "/apps/" + release.appId() + "/groups/" + release.groupId() + "/enrollment";

        assertThat(client.get("/apps/" + release.appId() + "/groups/" + release.groupId()).body())
                .contains("hx-get=\"" + fragmentPath + "\"");
        var fragment = client.get(fragmentPath + "?machineAlias=db-1").body();
        assertThat(fragment).contains("data-copy=\"#enroll-update-conf\"", "data-copy=\"#enroll-butane\"",
                "data-copy=\"#enroll-ignition\"", "data-copy=\"#enroll-zincati\"");
        assertThat(fragment).contains("GROUP=" + release.track(), "MACHINE_ALIAS=db-1", "variant: flatcar");
        assertThat(client.get("/js/platte.js").body()).contains("data-copy");
    }

    /** RFC 2397 percent-decoding, strictly: only %XX escapes and unreserved characters. */
    private static byte[] percentDecode(String escaped) {
        var out = new ByteArrayOutputStream();
        for (var i = 0; i < escaped.length(); i++) {
            var c = escaped.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                assertThat(Character.isLetterOrDigit(c) || "-_.!~*'()".indexOf(c) >= 0).as("unescaped " + c).isTrue();
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
