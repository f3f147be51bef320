package dev.platte.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.PlatteApplication;
import dev.platte.support.PageSignIn;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import dev.platte.support.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Page sessions live in PostgreSQL: a login on one replica works on another, and after a restart.
 * Forms need their CSRF token. The second replica also serves nodes only under a secret path.
 */
class SessionsAndSecretPathIntegrationTests extends ServerTest {

    private static final String SECRET = "s3cret-path";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private ConfigurableApplicationContext replica;

    @AfterEach
    void stopReplica() {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void keepsASignedInSessionAcrossReplicasAndRestarts() throws Exception {
        var session = signIn(port);
        assertThat(session.setCookie()).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");

        replica = startReplica();
        assertThat(get(replicaPort(), "/", session.cookie()).statusCode()).isEqualTo(200);

        replica.close();
        replica = startReplica();
        assertThat(get(replicaPort(), "/", session.cookie()).statusCode()).isEqualTo(200);
        assertThat(get(replicaPort(), "/", null).statusCode()).isEqualTo(302);
    }

    @Test
    void refusesAFormPostWithoutItsCsrfToken() throws Exception {
        var session = signIn(port);

        var withoutToken = post(port, "/logout", session.cookie(), "");
        var page = get(port, "/", session.cookie());
        var token = PageSignIn.csrf(page.body());
        var withToken = post(port, "/logout", session.cookie(), "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).isEqualTo(302);
        assertThat(withToken.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login?logout"));
        assertThat(get(port, "/", session.cookie()).statusCode()).isEqualTo(302);
    }

    @Test
    void servesNodesOnlyUnderTheSecretPathWhenOneIsSet() throws Exception {
        replica = startReplica();
        var body = OmahaRequests.flatcarNode("{e96281a6-d1af-4bde-9a0a-97b76e56dc57}", "aa" + System.nanoTime(), "stable")
                .check("3760.2.0", "");

        assertThat(omaha(replicaPort(), "/v1/update/" + SECRET + "/", body).statusCode()).isEqualTo(200);
        assertThat(omaha(replicaPort(), "/v1/update/" + SECRET, body).statusCode()).isEqualTo(200);
        assertThat(omaha(replicaPort(), "/v1/update/", body).statusCode()).isEqualTo(404);
        assertThat(omaha(replicaPort(), "/v1/update/guess", body).statusCode()).isEqualTo(404);
        assertThat(omaha(port, "/v1/update/" + SECRET, body).statusCode()).as("no secret configured here").isEqualTo(404);
    }

    private record Session(String cookie, String setCookie) {}

    private Session signIn(int serverPort) {
        var login = PageSignIn.signedIn(PageSignIn.attempt(http, "http://localhost:" + serverPort, IntegrationTest.ADMIN,
                IntegrationTest.PASSWORD));
        return new Session(login.sessionCookie(), login.sessionSetCookie());
    }

    private ConfigurableApplicationContext startReplica() {
        var db = TestDatabase.connection();
        return new SpringApplicationBuilder(PlatteApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--platte.admin.password=" + IntegrationTest.PASSWORD,
                "--platte.omaha.path-secret=" + SECRET,
                "--platte.rollout.timeout-check-interval=1h");
    }

    private int replicaPort() {
        return replica.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private HttpResponse<String> get(int serverPort, String path, String cookie) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                .header("Accept", "text/html");
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        return http.send(builder.GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int serverPort, String path, String cookie, String form) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        return http.send(builder.POST(HttpRequest.BodyPublishers.ofString(form)).build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> omaha(int serverPort, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, BodyHandlers.ofString());
    }
}
