package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ActuatorPaths;
import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.ServerTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP behaviour of /v1/update: what nodes, proxies and hostile clients get back. Never a 5xx. */
class OmahaEndpointIntegrationTests extends ServerTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not xml at all",
        "<request protocol=\"3.0\"><app appid=\"x\">",
        "<response protocol=\"3.0\"/>",
        "<request protocol=\"2.0\"/>",
        "<?xml version=\"1.0\"?><!DOCTYPE request [<!ENTITY x \"y\">]><request protocol=\"3.0\">&x;</request>",
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><request protocol=\"3.0\"><app appid=\"&xxe;\"/></request>",
        "<request protocol=\"3.0\"/><request protocol=\"3.0\"/>"
    })
    void refusesMalformedRequestsWithBadRequestAndAReason(String body) {
        var response = client.omaha("/v1/update/", body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isNotBlank().doesNotContain("Exception").doesNotContain("/etc/passwd");
    }

    @Test
    void refusesInvalidUtf8WithBadRequest() {
        var body = "<request protocol=\"3.0\"><app appid=\"\u00e9\"/></request>".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(client.omaha("/v1/update/", body).statusCode()).isEqualTo(400);
    }

    @Test
    void refusesABodyOverSixtyFourKibibytes() {
        var padding = "<x/>".repeat(17_000);
        var body = ("<request protocol=\"3.0\">" + padding + "</request>").getBytes(StandardCharsets.UTF_8);

        assertThat(client.omaha("/v1/update/", body).statusCode()).isEqualTo(413);
    }

    @Test
    void refusesAnOversizedChunkedBodyWithoutKnowingItsLength() throws Exception {
        var body = new byte[200_000];
        java.util.Arrays.fill(body, (byte) ' ');
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/update/"))
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        var response = HttpClient.newHttpClient().send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void servesThePathWithAndWithoutTrailingSlashForAnyContentType() throws Exception {
        var node = OmahaRequests.flatcarNode(ApiFixture.unique("io.unknown.app"), ApiFixture.machineId(), "stable");
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/update"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(node.check("1.0.0", "")))
                .build();

        var response = HttpClient.newHttpClient().send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/xml"));
        assertThat(response.body()).contains("status=\"error-unknownApplication\"");
    }

    @Test
    void doesNotTreatGetAsAnOmahaCall() {
        var response = client.getAnonymously("/v1/update/");

        assertThat(response.statusCode()).isBetween(400, 499);
    }

    @Test
    void answersPerAppErrorsForMissingAppIdMachineIdAndVersion() {
        var flatcar = "{e96281a6-d1af-4bde-9a0a-97b76e56dc57}";
        var xml = """
                <request protocol="3.0">
                  <app version="1.0.0" machineid="abc" track="stable"><updatecheck/></app>
                  <app appid="{not-a-uuid}" version="1.0.0" machineid="abc" track="stable"><updatecheck/></app>
                  <app appid="%1$s" version="1.0.0" machineid="" track="stable"><updatecheck/></app>
                  <app appid="%1$s" version="" machineid="abc" track="stable"><updatecheck/></app>
                  <app appid="%1$s" version="ForcedUpdate" machineid="abc" track="stable"><ping/></app>
                </request>
                """.formatted(flatcar);

        var answer = client.check(xml);

        assertThat(answer.count("/response/app")).isEqualTo(5);
        assertThat(answer.value("/response/app[1]/@status")).isEqualTo("error-invalidAppId");
        assertThat(answer.value("/response/app[1]/@appid")).isEmpty();
        assertThat(answer.value("/response/app[2]/@status")).isEqualTo("error-invalidAppId");
        assertThat(answer.value("/response/app[3]/@status")).isEqualTo("error-invalidMachineId");
        assertThat(answer.value("/response/app[4]/@status")).isEqualTo("error-invalidVersion");
        // A failed app is its status alone: no error-internal update check, no acknowledgement.
        assertThat(answer.count("/response/app[4]/updatecheck")).isZero();
        assertThat(answer.value("/response/app[5]/@status")).isEqualTo("error-invalidVersion");
        assertThat(answer.count("/response/app[5]/updatecheck")).isZero();
        assertThat(answer.count("/response/app[5]/ping")).isZero();
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() throws Exception {
        var release = fixture.release("2.0.0");
        var machine = ApiFixture.machineId();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/update/"))
                .header("X-Forwarded-For", "203.0.113.7")
                .POST(BodyPublishers.ofString(
                        OmahaRequests.flatcarNode(release.appId(), machine, release.track()).ping("1.0.0")))
                .build();

        HttpClient.newHttpClient().send(request, BodyHandlers.ofString());

        assertThat(client.getJson("/api/v1/instances/" + machine).get("ip").asString()).isNotEqualTo("203.0.113.7");
    }

    @Test
    void cutsOversizedNodeAttributesInsteadOfFailing() {
        var release = fixture.release("2.0.0");
        var machine = ApiFixture.machineId();
        var long300 = "x".repeat(300);
        var xml = OmahaRequests.flatcarNode(release.appId(), machine, release.track() + long300).check("1.0.0", long300)
                .replace("oem=\"ami\"", "oem=\"" + long300 + "\"")
                .replace("machinealias=\"\"", "machinealias=\"" + long300 + "\"")
                .replace("alephversion=\"1688.5.3\"", "alephversion=\"" + long300 + "\"")
                .replace("bootid=\"{88eec183-f363-45ca-ada4-ae83be64a74e}\"", "bootid=\"" + long300 + "\"");

        var answer = client.check(xml);
        var tooLongVersion = client.check(OmahaRequests.flatcarNode(release.appId(), machine, release.track())
                .check("1.0.0-" + long300, ""));

        assertThat(answer.value("/response/app/@status")).isEqualTo("ok");
        assertThat(client.getJson("/api/v1/instances/" + machine).get("alias").asString()).hasSize(256);
        assertThat(tooLongVersion.value("/response/app/@status")).isEqualTo("error-invalidVersion");
    }

    @Test
    void acknowledgesUnknownEventTypesAndKeepsThem() {
        var release = fixture.release("2.0.0");
        var machine = ApiFixture.machineId();

        var answer = client.check(OmahaRequests.flatcarNode(release.appId(), machine, release.track()).event("1.0.0", 54, 7));

        assertThat(answer.value("/response/app/event/@status")).isEqualTo("ok");
        var events = client.getJson("/api/v1/instances/" + machine).get("applications").get(0).get("events");
        assertThat(events.get(0).get("type").asInt()).isEqualTo(54);
    }

    @Test
    void timesUpdateChecksPerAppAndNotAsHttpServerRequests() {
        var release = fixture.release("2.0.0");
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());

        client.check(node.check("1.0.0", ""));
        client.omaha("/v1/update/x/y", new byte[0]);

        // The update path passes none of the observation, session and security filters pages and the API pass.
        var metrics = client.get(ActuatorPaths.PROMETHEUS).body();
        assertThat(metrics).contains("platte_omaha_requests_seconds_count");
        assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests"))).noneMatch(line -> line.contains("/v1/update"));
    }
}
