package dev.platte.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.LoopbackClients;
import dev.platte.support.PageSignIn;
import dev.platte.support.ServerTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nothing an anonymous browser does makes Platte keep a session (a row in {@code spring_session} for 8 h):
 * the sign-in form's CSRF token and the page asked for wait in cookies, a failed sign-in is told by the
 * query. Only a successful sign-in starts one, always under a new id.
 */
class AnonymousPageSessionsIntegrationTests extends ServerTest {

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry metrics;

    @Test
    void keepsNoSessionForAnonymousVisitorsOrFailedSignIns() throws Exception {
        var http = LoopbackClients.from(LoopbackClients.uniqueAddress());
        var throttledBefore = throttled("address");
        var before = sessions();

        for (int i = 0; i < 200; i++) {
            var page = get(http, "/login", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(PageSignIn.cookie(page, PageSignIn.SESSION_COOKIE)).isNull();
        }
        var askedFor = get(http, "/apps", null);
        assertThat(askedFor.statusCode()).isEqualTo(302);
        // 50 from one address: the first 30 are wrong passwords, the rest are refused by the throttle.
        for (int i = 0; i < 50; i++) {
            var failed = PageSignIn.attempt(http, base(), ApiFixture.unique("nobody"), "wrong-password-" + i);
            assertThat(failed.statusCode()).isEqualTo(302);
            assertThat(failed.location()).containsAnyOf("/login?error", "/login?throttled=");
            assertThat(failed.sessionCookie()).isNull();
        }

        assertThat(sessions()).isEqualTo(before);
        assertThat(throttled("address")).isGreaterThan(throttledBefore);
    }

    @Test
    void startsExactlyOneSessionAtSignInWhoseFormsStillNeedTheirToken() throws Exception {
        var http = LoopbackClients.from(LoopbackClients.uniqueAddress());
        var before = sessions();

        var session = PageSignIn.session(http, base(), IntegrationTest.ADMIN, IntegrationTest.PASSWORD);

        assertThat(sessions()).isEqualTo(before + 1);
        assertThat(get(http, "/", session).statusCode()).isEqualTo(200);
        var withoutToken = post(http, "/logout", session, "");
        var token = PageSignIn.csrf(get(http, "/", session).body());
        var withToken = post(http, "/logout", session, "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).isEqualTo(302);
        assertThat(get(http, "/", session).statusCode()).isEqualTo(302);
    }

    @Test
    void refusesTheTokenOfTheAnonymousFormAfterSignIn() throws Exception {
        var http = LoopbackClients.from(LoopbackClients.uniqueAddress());
        var page = get(http, "/login", null);
        var anonymousToken = PageSignIn.csrf(page.body());
        var tokenCookie = PageSignIn.cookie(page, "XSRF-TOKEN");
        assertThat(page.headers().allValues("Set-Cookie")).singleElement().asString()
                .startsWith("XSRF-TOKEN=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");

        var session = PageSignIn.session(http, base(), IntegrationTest.ADMIN, IntegrationTest.PASSWORD);

        var withOldToken = post(http, "/logout", session + "; " + tokenCookie,
                "_csrf=" + URLEncoder.encode(anonymousToken, StandardCharsets.UTF_8));
        assertThat(withOldToken.statusCode()).isEqualTo(403);
    }

    @Test
    void givesANewSessionIdAtSignIn() throws Exception {
        var http = LoopbackClients.from(LoopbackClients.uniqueAddress());
        var first = PageSignIn.session(http, base(), IntegrationTest.ADMIN, IntegrationTest.PASSWORD);

        var again = PageSignIn.signedIn(
                PageSignIn.attempt(http, base(), IntegrationTest.ADMIN, IntegrationTest.PASSWORD, first));

        assertThat(again.sessionCookie()).isNotEqualTo(first);
        assertThat(get(http, "/", again.sessionCookie()).statusCode()).isEqualTo(200);
        assertThat(get(http, "/", first).statusCode()).as("the id from before sign-in").isEqualTo(302);
    }

    @Test
    void returnsToThePageAskedForAfterSignIn() throws Exception {
        var http = LoopbackClients.from(LoopbackClients.uniqueAddress());
        var askedFor = get(http, "/audit", null);
        var saved = PageSignIn.cookie(askedFor, "REDIRECT_URI");
        assertThat(saved).isNotNull();

        var login = PageSignIn.signedIn(
                PageSignIn.attempt(http, base(), IntegrationTest.ADMIN, IntegrationTest.PASSWORD, saved));

        assertThat(login.location()).endsWith("/audit");
    }

    private long sessions() {
        return jdbc.queryForObject("select count(*) from spring_session", Long.class);
    }

    private double throttled(String by) {
        var counter = metrics.find("platte.sign_in.throttled").tag("by", by).counter();
        return counter == null ? 0 : counter.count();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> get(HttpClient http, String path, String cookie) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "text/html");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient http, String path, String cookie, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Cookie", cookie)
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), BodyHandlers.ofString());
    }
}
