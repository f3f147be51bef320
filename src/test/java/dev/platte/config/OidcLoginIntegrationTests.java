package dev.platte.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.PlatteApplication;
import dev.platte.support.IntegrationTest;
import dev.platte.support.PageSignIn;
import dev.platte.support.TestDatabase;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import oidcprovider.OidcProviderApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sign-in through a real OpenID provider (Spring Authorization Server, started here) with the
 * authorization code flow and PKCE, driven like a browser: redirects, cookies, the provider's login
 * form. Platte's role comes from the ID token's {@code roles} claim.
 */
class OidcLoginIntegrationTests {

    private static ConfigurableApplicationContext provider;
    private static ConfigurableApplicationContext platte;
    private static String providerBase;
    private static String platteBase;

    @BeforeAll
    static void startProviderAndPlatte() {
        // Platte is reached at the loopback IP, whose redirect URI the provider accepts on any port
        // (RFC 8252), so neither side needs a port picked in advance; the provider is reached as localhost.
        provider = OidcProviderApplication.start("http://127.0.0.1/login/oauth2/code/test");
        providerBase = "http://localhost:" + port(provider);
        var db = TestDatabase.connection();
        platte = new SpringApplicationBuilder(PlatteApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--platte.admin.password=" + IntegrationTest.PASSWORD,
                "--platte.rollout.timeout-check-interval=1h",
                "--spring.security.oauth2.client.registration.test.client-id=" + OidcProviderApplication.CLIENT_ID,
                "--spring.security.oauth2.client.registration.test.client-secret=" + OidcProviderApplication.CLIENT_SECRET,
                "--spring.security.oauth2.client.registration.test.client-authentication-method=client_secret_basic",
                "--spring.security.oauth2.client.registration.test.authorization-grant-type=authorization_code",
                "--spring.security.oauth2.client.registration.test.scope=openid,profile",
                "--spring.security.oauth2.client.registration.test.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
                "--spring.security.oauth2.client.provider.test.issuer-uri=" + providerBase);
        platteBase = "http://127.0.0.1:" + port(platte);
    }

    @AfterAll
    static void stopPlatteAndProvider() {
        if (platte != null) {
            platte.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void providerPublishesTheLocalhostIssuerPlatteDiscovers() throws Exception {
        var discovery = new Browser().get(providerBase + "/.well-known/openid-configuration");

        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("\"issuer\":\"" + providerBase + "\"");
    }

    @Test
    void adminClaimSignsInAnAdminWhoMayReadPagesAndMetrics() throws Exception {
        var alice = signIn("alice");

        assertThat(alice.get(platteBase + "/").statusCode()).isEqualTo(200);
        assertThat(alice.get(platteBase + "/actuator/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void viewerClaimSignsInAViewerWhoMayReadPagesButNotMetrics() throws Exception {
        var bob = signIn("bob");

        assertThat(bob.get(platteBase + "/").statusCode()).isEqualTo(200);
        assertThat(bob.get(platteBase + "/actuator/metrics").statusCode()).isEqualTo(403);
    }

    @Test
    void userWithoutARolesClaimSignsInButMayNotReadPages() throws Exception {
        var carol = signIn("carol");

        assertThat(carol.get(platteBase + "/").statusCode()).isEqualTo(403);
        assertThat(carol.get(platteBase + "/actuator/metrics").statusCode()).isEqualTo(403);
    }

    @Test
    void withoutSigningInAPageSendsTheBrowserToTheLoginForm() throws Exception {
        var anonymous = new Browser().get(platteBase + "/");

        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(location(anonymous)).isEqualTo(URI.create(platteBase + "/login"));
    }

    @Test
    void startingSignInsKeepsNoSessionUntilOneSucceeds() throws Exception {
        var before = sessions();

        for (int i = 0; i < 20; i++) {
            var start = new Browser().get(platteBase + "/oauth2/authorization/test");
            assertThat(start.statusCode()).isEqualTo(302);
            assertThat(start.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("SESSION="));
        }
        var forged = new Browser().get(platteBase + "/login/oauth2/code/test?code=forged&state=forged");

        assertThat(forged.statusCode()).isEqualTo(302);
        assertThat(location(forged)).isEqualTo(URI.create(platteBase + "/login?error"));
        assertThat(sessions()).isEqualTo(before);
        signIn("alice");
        assertThat(sessions()).isEqualTo(before + 1);
    }

    private static long sessions() throws Exception {
        var db = TestDatabase.connection();
        try (var connection = DriverManager.getConnection(db.url(), db.username(), db.password());
                var rows = connection.createStatement().executeQuery("select count(*) from spring_session")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Walks the whole authorization code flow as a browser would, checking each hop, and returns the
     * browser holding Platte's new session.
     */
    private static Browser signIn(String username) throws Exception {
        var browser = new Browser();

        // Platte sends the browser to the provider, with a PKCE challenge.
        var start = browser.get(platteBase + "/oauth2/authorization/test");
        assertThat(start.statusCode()).isEqualTo(302);
        var authorize = location(start);
        assertThat(authorize.toString()).startsWith(providerBase + "/oauth2/authorize?");
        var request = query(authorize);
        assertThat(request).containsEntry("response_type", "code")
                .containsEntry("client_id", OidcProviderApplication.CLIENT_ID)
                .containsEntry("redirect_uri", platteBase + "/login/oauth2/code/test")
                .containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "nonce");
        assertThat(request.get("code_challenge")).as("an S256 challenge: base64url of 32 bytes")
                .matches("[A-Za-z0-9_-]{43}");
        assertThat(request.get("scope").split(" ")).contains("openid", "profile");

        // Not signed in at the provider: its login form.
        var toLogin = browser.get(authorize.toString());
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(location(toLogin)).isEqualTo(URI.create(providerBase + "/login"));
        var form = browser.get(providerBase + "/login");
        assertThat(form.statusCode()).isEqualTo(200);
        var csrfToken = PageSignIn.csrf(form.body());

        // Signed in, the provider resumes the authorization request and answers Platte with a code.
        var login = browser.postForm(providerBase + "/login",
                Map.of("username", username, "password", OidcProviderApplication.PASSWORD, "_csrf", csrfToken));
        assertThat(login.statusCode()).isEqualTo(302);
        var resumed = location(login);
        assertThat(resumed.toString()).startsWith(providerBase + "/oauth2/authorize?");
        var answered = browser.get(resumed.toString());
        assertThat(answered.statusCode()).isEqualTo(302);
        var callback = location(answered);
        assertThat(callback.toString()).startsWith(platteBase + "/login/oauth2/code/test?");
        assertThat(query(callback)).containsKey("code").containsEntry("state", request.get("state"));

        // Platte redeems the code with its verifier, validates the ID token and starts a new session.
        var signedIn = browser.get(callback.toString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(location(signedIn)).isEqualTo(URI.create(platteBase + "/"));
        var sessionCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("SESSION="))
                .findFirst();
        assertThat(sessionCookie).as("a new session cookie after sign-in").isPresent();
        var attributes = Arrays.stream(sessionCookie.get().split(";")).map(String::strip).toList();
        assertThat(attributes).contains("HttpOnly")
                .anySatisfy(attribute -> assertThat(attribute).isEqualToIgnoringCase("SameSite=Lax"));
        return browser;
    }

    private static URI location(HttpResponse<?> response) {
        var location = response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no Location header on " + response.statusCode() + " from " + response.uri() + ": " + response.body()));
        return response.uri().resolve(location);
    }

    private static Map<String, String> query(URI uri) {
        var parameters = new LinkedHashMap<String, String>();
        for (var pair : uri.getRawQuery().split("&")) {
            var parts = pair.split("=", 2);
            parameters.put(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** One user's browser: its own cookies; redirects are not followed, so each hop can be checked. */
    private static final class Browser {

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> get(String uri) throws IOException, InterruptedException {
            return http.send(request(uri).GET().build(), BodyHandlers.ofString());
        }

        HttpResponse<String> postForm(String uri, Map<String, String> fields) throws IOException, InterruptedException {
            var body = fields.entrySet().stream()
                    .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                    .collect(Collectors.joining("&"));
            return http.send(request(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
        }

        private static HttpRequest.Builder request(String uri) {
            return HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        }

        private static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }
}
