package dev.platte.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.LoopbackClients;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A browser cannot be made to act on the API by another site (no form-shaped writes, no Basic prompt),
 * and behind a trusted TLS proxy the pages get {@code Secure} cookies and HSTS.
 */
class BrowserSafetyIntegrationTests extends ServerTest {

    private static final String ADMIN_BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (IntegrationTest.ADMIN + ":" + IntegrationTest.PASSWORD).getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void refusesStateChangingApiCallsThatACrossSiteFormCouldSend() throws Exception {
        var name = ApiFixture.unique("csrf");
        var asForm = send("POST", "/api/v1/apps", "application/x-www-form-urlencoded", null, "name=" + name);
        var asTextPlain = send("POST", "/api/v1/apps", "text/plain", null, "{\"name\":\"" + name + "\"}");
        var bodyless = send("POST", "/api/v1/sync/run", null, null, "");

        for (var refused : List.of(asForm, asTextPlain, bodyless)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(refused.body()).contains("X-Requested-By");
        }
        assertThat(client.getJson("/api/v1/apps").toString()).doesNotContain(name);
    }

    @Test
    void acceptsJsonOrTheRequestHeaderForEveryKindOfWrite() throws Exception {
        var appId = fixture.application(ApiFixture.unique("marked"));

        var deleteWithHeader = send("DELETE", "/api/v1/apps/" + appId, null, "curl", "");
        var created = send("POST", "/api/v1/apps", "application/json; charset=UTF-8", null,
                "{\"name\":\"" + ApiFixture.unique("json") + "\"}");

        assertThat(deleteWithHeader.statusCode()).isEqualTo(204);
        assertThat(created.statusCode()).isEqualTo(201);
        var documented = client.getJson("/v3/api-docs").get("paths").get("/api/v1/apps/{app}").get("delete")
                .get("parameters").toString();
        assertThat(documented).contains("\"X-Requested-By\"").contains("\"in\":\"header\"");
    }

    @Test
    void challengesWithBasicOnlyARequestThatTriedBasic() throws Exception {
        var anonymous = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/apps"))).GET().build(),
                BodyHandlers.ofString());
        var wrongPassword = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/apps")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ApiFixture.unique("nobody") + ":wrong-password").getBytes(StandardCharsets.UTF_8)))
                .GET().build(), BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).singleElement().asString()
                .isEqualTo("Bearer realm=\"Platte\"");
        assertThat(PlatteClient.json(anonymous).get("status").asInt()).isEqualTo(401);
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic realm=\"Platte\"");
    }

    @Test
    void marksRequestsSecureOnlyWhenATrustedProxySaysTheyCameOverHttps() throws Exception {
        var viaProxy = loginPage(LoopbackClients.from(IntegrationTest.TRUSTED_PROXY));
        var direct = loginPage(LoopbackClients.from("127.0.0.1"));

        assertThat(viaProxy.headers().firstValue("Set-Cookie").orElseThrow()).containsIgnoringCase("; Secure");
        assertThat(viaProxy.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(direct.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContainIgnoringCase("Secure");
        assertThat(direct.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void takesTheNodeAddressFromATrustedProxyOnly() throws Exception {
        var release = fixture.release("2.0.0");
        var viaProxy = ApiFixture.machineId();
        var direct = ApiFixture.machineId();

        checkIn(LoopbackClients.from(IntegrationTest.TRUSTED_PROXY), release, viaProxy, "203.0.113.9");
        checkIn(LoopbackClients.from("127.0.0.1"), release, direct, "203.0.113.10");

        assertThat(client.getJson("/api/v1/instances/" + viaProxy).get("ip").asString()).isEqualTo("203.0.113.9");
        assertThat(client.getJson("/api/v1/instances/" + direct).get("ip").asString()).isEqualTo("127.0.0.1");
    }

    private void checkIn(HttpClient from, ApiFixture.Release release, String machine, String forwardedFor)
            throws Exception {
        var answer = from.send(HttpRequest.newBuilder(URI.create(url("/v1/update/")))
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(
                        OmahaRequests.flatcarNode(release.appId(), machine, release.track()).ping("1.0.0")))
                .build(), BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> loginPage(HttpClient from) throws Exception {
        return from.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Accept", "text/html")
                .header("X-Forwarded-Proto", "https")
                .GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String requestedBy, String body)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", ADMIN_BASIC);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (requestedBy != null) {
            request.header("X-Requested-By", requestedBy);
        }
        var publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(request.method(method, publisher).build(), BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
