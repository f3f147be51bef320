package dev.platte.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Private payload downloads over HTTP: 401 and its challenge, GET, HEAD and ranges with credentials, rotation. */
class PayloadCredentialsIntegrationTests extends ServerTest {

    private static final byte[] CONTENT = "flatcar update payload bytes".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newHttpClient();
    private ApiFixture.Release release;
    private String payloadPath;

    @BeforeEach
    void hostAPayload() throws Exception {
        release = fixture.release("3815.2.0");
        var upload = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/apps/"
                        + release.appId() + "/packages/" + release.packageId() + "/files/flatcar_production_update.gz"))
                .header("Authorization", basic("admin", dev.platte.support.IntegrationTest.PASSWORD))
                .header("Content-Type", "application/octet-stream")
                .header("X-Requested-By", "test")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(CONTENT)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        payloadPath = "/payloads/" + release.packageId() + "/flatcar_production_update.gz";
    }

    @Test
    void servesEveryoneUntilTheApplicationRequiresCredentials() throws Exception {
        assertThat(download("GET", null, null).statusCode()).isEqualTo(200);

        requireCredentials(true);

        var refused = download("GET", null, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Basic realm=\"platte-payloads\"");
        assertThat(refused.body()).isEmpty();
        assertThat(download("HEAD", null, null).statusCode()).isEqualTo(401);

        requireCredentials(false);
        assertThat(download("GET", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void servesGetHeadAndRangesWithValidCredentialsOnly() throws Exception {
        requireCredentials(true);
        var issued = create("fleet-a");
        var user = issued.get("credential").get("name").asString();
        var secret = issued.get("secret").asString();

        var full = download("GET", basic(user, secret), null);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(new String(CONTENT, StandardCharsets.UTF_8));
        var head = download("HEAD", basic(user, secret), null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length").orElseThrow()).isEqualTo(CONTENT.length);
        var range = download("GET", basic(user, secret), "bytes=8-13");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo("update");

        assertThat(download("GET", basic(user, secret + "x"), null).statusCode()).isEqualTo(401);
        assertThat(download("GET", basic("someone-else", secret), null).statusCode()).isEqualTo(401);
        assertThat(download("GET", "Basic !!not-base64!!", null).statusCode()).isEqualTo(401);
        assertThat(download("GET", "Bearer " + secret, null).statusCode()).isEqualTo(401);
    }

    @Test
    void rotatesWithTwoLiveCredentialsAndRefusesARevokedOne() throws Exception {
        requireCredentials(true);
        var old = create("fleet-2025");
        var next = create("fleet-2026");
        var oldAuth = basic("fleet-2025", old.get("secret").asString());
        var nextAuth = basic("fleet-2026", next.get("secret").asString());
        assertThat(download("GET", oldAuth, null).statusCode()).isEqualTo(200);
        assertThat(download("GET", nextAuth, null).statusCode()).isEqualTo(200);

        var oldId = old.get("credential").get("id").asString();
        var revoked = client.ok("DELETE", "/api/v1/apps/" + release.appId() + "/payload-credentials/" + oldId, "");
        assertThat(revoked.get("revokedAt").isNull()).isFalse();

        assertThat(download("GET", oldAuth, null).statusCode()).isEqualTo(401);
        assertThat(download("GET", nextAuth, null).statusCode()).isEqualTo(200);
        assertThat(client.send("DELETE", "/api/v1/apps/" + release.appId() + "/payload-credentials/" + oldId, "")
                .statusCode()).isEqualTo(409);
        // Listed without their secrets, revoked ones included.
        var listed = client.getJson("/api/v1/apps/" + release.appId() + "/payload-access");
        assertThat(listed.get("credentialsRequired").asBoolean()).isTrue();
        assertThat(listed.get("credentials").size()).isEqualTo(2);
        assertThat(listed.toString()).doesNotContain(old.get("secret").asString()).doesNotContain("secret");

        assertThat(actions("payload-credential", oldId)).containsExactly("payload-credential.revoke",
                "payload-credential.create");
        assertThat(actions("application", release.appId())).contains("payload-access.update");
    }

    @Test
    void refusesABadNameAsAProblemNamingTheFieldAndADuplicateLiveName() {
        var bad = client.send("POST", "/api/v1/apps/" + release.appId() + "/payload-credentials", Map.of("name", "a:b"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("name");
        create("dup");
        assertThat(client.send("POST", "/api/v1/apps/" + release.appId() + "/payload-credentials", Map.of("name", "dup"))
                .statusCode()).isEqualTo(409);
    }

    @Test
    void theDashboardPageListsCredentialsButNoSecret() throws Exception {
        var page = client.get("/apps/" + release.appId() + "/payload-access");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Anyone who knows a payload URL can download it.");
        create("shown-on-page");
        var after = client.get("/apps/" + release.appId() + "/payload-access").body();
        assertThat(after).contains("credential-shown-on-page").doesNotContain("DOWNLOAD_PASSWORD=");
    }

    private void requireCredentials(boolean required) {
        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/payload-access", Map.of("credentialsRequired", required));
    }

    private JsonNode create(String name) {
        return client.ok("POST", "/api/v1/apps/" + release.appId() + "/payload-credentials", Map.of("name", name));
    }

    private HttpResponse<String> download(String method, String authorization, String range) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + payloadPath))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> actions(String type, String id) {
        var result = new ArrayList<String>();
        client.getJson("/api/v1/audit?targetType=" + type + "&targetId=" + id).get("items")
                .forEach(e -> result.add(e.get("action").asString()));
        return result;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
