package dev.platte.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.PageSignIn;
import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook pages as a browser uses them: signed in with the login form, every post with its CSRF token. */
class WebhookPagesIntegrationTests extends ServerTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern LOCATION_ID = Pattern.compile("/webhooks/([0-9a-f-]{36})$");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> created = new ArrayList<>();
    private WebhookReceiver receiver;
    private String cookie;

    @BeforeEach
    void signInAsAdmin() throws Exception {
        receiver = new WebhookReceiver();
        cookie = signIn(IntegrationTest.ADMIN, IntegrationTest.PASSWORD);
    }

    private String signIn(String username, String password) {
        return PageSignIn.session(http, "http://localhost:" + port, username, password);
    }

    @AfterEach
    void cleanUp() {
        created.forEach(id -> client.send("DELETE", "/api/v1/webhooks/" + id, ""));
        receiver.close();
    }

    @Test
    void createsAWebhookFromTheFormAndShowsItsGeneratedSecretOnlyOnce() throws Exception {
        var name = ApiFixture.unique("page-hook");
        var response = post("/webhooks/new", "/webhooks/new", List.of(Map.entry("name", name),
                Map.entry("url", receiver.url()), Map.entry("secret", ""), Map.entry("events", "GROUP_PAUSED"),
                Map.entry("events", "SYNC_FAILED"), Map.entry("applicationId", ""), Map.entry("groupId", ""),
                Map.entry("format", "SLACK"), Map.entry("enabled", "true"), Map.entry("_enabled", "on")));

        assertThat(response.statusCode()).isEqualTo(302);
        var matcher = LOCATION_ID.matcher(response.headers().firstValue("Location").orElseThrow());
        assertThat(matcher.find()).isTrue();
        var id = matcher.group(1);
        created.add(id);
        var first = get("/webhooks/" + id).body();
        assertThat(first).contains("Copy the secret now").contains("Webhook " + name + " created.");
        var secret = Pattern.compile("<p><code>([A-Za-z0-9_-]{43})</code></p>").matcher(first);
        assertThat(secret.find()).isTrue();
        assertThat(get("/webhooks/" + id).body()).doesNotContain("Copy the secret now").doesNotContain(secret.group(1));

        var view = client.getJson("/api/v1/webhooks/" + id);
        assertThat(view.get("format").asString()).isEqualTo("slack");
        assertThat(view.get("events").toString()).contains("group.paused", "sync.failed");
        assertThat(view.get("enabled").asBoolean()).isTrue();

        receiver.expectSecret(secret.group(1));
        var tested = post("/webhooks/" + id, "/webhooks/" + id + "/test", List.of());
        assertThat(tested.statusCode()).isEqualTo(302);
        var detail = get("/webhooks/" + id).body();
        assertThat(detail).contains("Test event delivered (HTTP 200).").contains("webhook.test");
        assertThat(receiver.received()).singleElement().matches(WebhookReceiver.Received::signatureValid);
    }

    @Test
    void showsEachProblemNextToItsInputAndKeepsWhatWasTyped() throws Exception {
        var noEvents = post("/webhooks/new", "/webhooks/new", List.of(Map.entry("name", "x"),
                Map.entry("url", "ftp://example.com/hook"), Map.entry("format", "CLOUDEVENTS")));
        assertThat(noEvents.statusCode()).isEqualTo(400);
        assertThat(noEvents.body()).contains("choose at least one event").contains("value=\"ftp://example.com/hook\"");

        var badUrl = post("/webhooks/new", "/webhooks/new", List.of(Map.entry("name", "x"),
                Map.entry("url", "ftp://example.com/hook"), Map.entry("events", "GROUP_PAUSED"),
                Map.entry("format", "CLOUDEVENTS")));
        assertThat(badUrl.statusCode()).isEqualTo(400);
        assertThat(badUrl.body()).contains("must be an http or https URL")
                .containsPattern("value=\"GROUP_PAUSED\"[^>]*checked");
    }

    @Test
    void editsKeepTheSecretAndDeleteRemovesTheWebhook() throws Exception {
        var body = new java.util.HashMap<String, Object>(Map.of("name", ApiFixture.unique("edit-me"), "url",
                receiver.url(), "secret", "the-original-secret-1234", "events", List.of("group.paused"),
                "format", "cloudevents"));
        var id = client.ok("POST", "/api/v1/webhooks", body).get("webhook").get("id").asString();
        created.add(id);
        var form = get("/webhooks/" + id + "/edit").body();
        var version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(form);
        assertThat(version.find()).isTrue();

        var saved = post("/webhooks/" + id + "/edit", "/webhooks/" + id + "/edit", List.of(
                Map.entry("name", "renamed-" + id), Map.entry("url", receiver.url()), Map.entry("secret", ""),
                Map.entry("events", "GROUP_RESUMED"), Map.entry("format", "CLOUDEVENTS"),
                Map.entry("enabled", "true"), Map.entry("_enabled", "on"), Map.entry("version", version.group(1))));
        assertThat(saved.statusCode()).isEqualTo(302);
        var view = client.getJson("/api/v1/webhooks/" + id);
        assertThat(view.get("name").asString()).isEqualTo("renamed-" + id);
        assertThat(view.get("events").toString()).isEqualTo("[\"group.resumed\"]");
        receiver.expectSecret("the-original-secret-1234");
        client.ok("POST", "/api/v1/webhooks/" + id + "/test", "");
        assertThat(receiver.received()).singleElement().matches(WebhookReceiver.Received::signatureValid);

        var deleted = post("/webhooks/" + id, "/webhooks/" + id + "/delete", List.of());
        assertThat(deleted.headers().firstValue("Location").orElseThrow()).endsWith("/webhooks");
        assertThat(client.get("/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void areForAdminsOnly() throws Exception {
        var viewer = ApiFixture.unique("viewer");
        client.ok("POST", "/api/v1/users", Map.of("username", viewer, "password", "viewer-password-1", "role", "viewer"));
        cookie = signIn(viewer, "viewer-password-1");

        assertThat(get("/webhooks").statusCode()).isEqualTo(403);
        assertThat(get("/webhooks/new").statusCode()).isEqualTo(403);
        assertThat(get("/").body()).doesNotContain("href=\"/webhooks\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(request(path).header("Cookie", cookie).GET().build());
    }

    /** Opens {@code page} for its CSRF token, then posts the fields to {@code action}. */
    private HttpResponse<String> post(String page, String action, List<Map.Entry<String, String>> fields)
            throws Exception {
        var all = new ArrayList<>(fields);
        all.add(Map.entry("_csrf", csrf(get(page).body())));
        return send(request(action).header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(all))).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "text/html");
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, BodyHandlers.ofString());
    }

    private static String encode(List<Map.Entry<String, String>> fields) {
        return fields.stream().map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String csrf(String html) {
        var matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF token in the page").isTrue();
        return matcher.group(1);
    }
}
