package dev.platte.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.Form;
import dev.platte.support.PageSession;
import dev.platte.support.RenderedPage;
import dev.platte.support.ServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The webhook pages as a browser uses them: signed in with the login form, every post with a CSRF token. */
class WebhookPagesIntegrationTests extends ServerTest {

    private final List<String> created = new ArrayList<>();
    private WebhookReceiver receiver;
    private PageSession admin;

    @BeforeEach
    void signInAsAdmin() {
        receiver = new WebhookReceiver();
        admin = PageSession.admin(mvc, port);
    }

    @AfterEach
    void cleanUp() {
        created.forEach(id -> client.send("DELETE", "/api/v1/webhooks/" + id, ""));
        receiver.close();
    }

    @Test
    void createsAWebhookFromTheFormAndShowsItsGeneratedSecretOnlyOnce() {
        var name = ApiFixture.unique("page-hook");
        var response = admin.submit("/webhooks/new", Form.of("name", name, "url", receiver.url(), "secret", "",
                "events", "GROUP_PAUSED", "events", "SYNC_FAILED", "applicationId", "", "groupId", "",
                "format", "SLACK", "enabled", "true", "_enabled", "on"));

        assertThat(response).hasStatus(HttpStatus.FOUND).redirectedUrl().matches(".*/webhooks/[0-9a-f-]{36}$");
        var location = response.getResponse().getRedirectedUrl();
        var id = location.substring(location.lastIndexOf('/') + 1);
        created.add(id);
        var first = admin.get("/webhooks/" + id);
        assertThat(first).bodyText().contains("Copy the secret now").contains("Webhook " + name + " created.");
        var secret = RenderedPage.of(first).textOf("#secret code");
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(admin.get("/webhooks/" + id)).bodyText().doesNotContain("Copy the secret now").doesNotContain(secret);

        var view = client.getJson("/api/v1/webhooks/" + id);
        assertThat(view.get("format").asString()).isEqualTo("slack");
        assertThat(view.get("events").toString()).contains("group.paused", "sync.failed");
        assertThat(view.get("enabled").asBoolean()).isTrue();

        receiver.expectSecret(secret);
        assertThat(admin.submit("/webhooks/" + id + "/test", new Form())).hasStatus(HttpStatus.FOUND);
        assertThat(admin.get("/webhooks/" + id)).bodyText().contains("Test event delivered (HTTP 200).")
                .contains("webhook.test");
        assertThat(receiver.received()).singleElement().matches(WebhookReceiver.Received::signatureValid);
    }

    @Test
    void showsEachProblemNextToItsInputAndKeepsWhatWasTyped() {
        var noEvents = admin.submit("/webhooks/new",
                Form.of("name", "x", "url", "ftp://example.com/hook", "format", "CLOUDEVENTS"));
        assertThat(noEvents).hasStatus(HttpStatus.BAD_REQUEST).bodyText().contains("choose at least one event");
        assertThat(RenderedPage.of(noEvents).value("url")).isEqualTo("ftp://example.com/hook");

        var badUrl = admin.submit("/webhooks/new", Form.of("name", "x", "url", "ftp://example.com/hook",
                "events", "GROUP_PAUSED", "format", "CLOUDEVENTS"));
        assertThat(badUrl).hasStatus(HttpStatus.BAD_REQUEST).bodyText().contains("must be an http or https URL");
        assertThat(RenderedPage.of(badUrl).checked("events", "GROUP_PAUSED")).isTrue();
    }

    @Test
    void editsKeepTheSecretAndDeleteRemovesTheWebhook() {
        var body = new java.util.HashMap<String, Object>(Map.of("name", ApiFixture.unique("edit-me"), "url",
                receiver.url(), "secret", "the-original-secret-1234", "events", List.of("group.paused"),
                "format", "cloudevents"));
        var id = client.ok("POST", "/api/v1/webhooks", body).get("webhook").get("id").asString();
        created.add(id);
        var version = admin.page("/webhooks/" + id + "/edit").value("version");
        assertThat(version).matches("\\d+");

        var saved = admin.submit("/webhooks/" + id + "/edit", Form.of("name", "renamed-" + id, "url", receiver.url(),
                "secret", "", "events", "GROUP_RESUMED", "format", "CLOUDEVENTS", "enabled", "true", "_enabled", "on",
                "version", version));
        assertThat(saved).hasStatus(HttpStatus.FOUND);
        var view = client.getJson("/api/v1/webhooks/" + id);
        assertThat(view.get("name").asString()).isEqualTo("renamed-" + id);
        assertThat(view.get("events").toString()).isEqualTo("[\"group.resumed\"]");
        receiver.expectSecret("the-original-secret-1234");
        client.ok("POST", "/api/v1/webhooks/" + id + "/test", "");
        assertThat(receiver.received()).singleElement().matches(WebhookReceiver.Received::signatureValid);

        var deleted = admin.submit("/webhooks/" + id + "/delete", new Form());
        assertThat(deleted).redirectedUrl().endsWith("/webhooks");
        assertThat(client.get("/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void areForAdminsOnly() {
        var name = ApiFixture.unique("viewer");
        client.ok("POST", "/api/v1/users", Map.of("username", name, "password", "viewer-password-1", "role", "viewer"));
        var viewer = PageSession.signIn(mvc, port, name, "viewer-password-1");

        assertThat(viewer.get("/webhooks")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(viewer.get("/webhooks/new")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(viewer.page("/").has("[href=\"/webhooks\"]")).isFalse();
    }
}
