package dev.platte.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.net.http.HttpClient;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Someone signed in to the pages, whose pages are driven through {@link MockMvcTester}: signed in once with
 * the login form over real HTTP ({@link PageSignIn}, the one sign-in sequence), then every request carries
 * that session's cookie, as a browser's does (the session store is the same one), so flash messages survive
 * a redirect; every post carries the session's CSRF token, as the forms on its pages do. Redirects are not
 * followed.
 *
 * <p>The token is the real one, read from a page: spring-security-test's {@code csrf()} and
 * {@code formLogin()} would swap the token repository of the one CsrfFilter this context shares with the
 * real server, and break every later test over real HTTP.
 */
public final class PageSession {

    private final MockMvcTester mvc;
    private final Cookie session;
    private final String csrf;

    private PageSession(MockMvcTester mvc, Cookie session, String csrf) {
        this.mvc = mvc;
        this.session = session;
        this.csrf = csrf;
    }

    /** Signs in with the login form of the server on {@code port}, fails unless it worked. */
    public static PageSession signIn(MockMvcTester mvc, int port, String username, String password) {
        var cookie = PageSignIn.session(HttpClient.newHttpClient(), "http://localhost:" + port, username, password);
        var session = new Cookie(PageSignIn.SESSION_COOKIE, cookie.substring(cookie.indexOf('=') + 1));
        var home = mvc.get().uri("/").cookie(session).accept(MediaType.TEXT_HTML).exchange();
        assertThat(home).as("the overview, signed in").hasStatusOk();
        return new PageSession(mvc, session, PageSignIn.csrf(RenderedPage.of(home).html()));
    }

    /** Signs in as the administrator every integration test starts with. */
    public static PageSession admin(MockMvcTester mvc, int port) {
        return signIn(mvc, port, IntegrationTest.ADMIN, IntegrationTest.PASSWORD);
    }

    public MvcTestResult get(String path) {
        return get(path, Map.of());
    }

    public MvcTestResult get(String path, Map<String, String> headers) {
        var request = mvc.get().uri(path).cookie(session).accept(MediaType.TEXT_HTML);
        headers.forEach(request::header);
        return request.exchange();
    }

    /** The page's HTML, read; fails unless the page answered 200. */
    public RenderedPage page(String path) {
        var page = get(path);
        assertThat(page).as("GET " + path).hasStatusOk();
        return RenderedPage.of(page);
    }

    /** Posts {@code form} to {@code action} with the session's CSRF token, as the form on a page would. */
    public MvcTestResult submit(String action, Form form) {
        return mvc.post().uri(action).cookie(session).accept(MediaType.TEXT_HTML)
                .formFields(form.fields()).formField("_csrf", csrf).exchange();
    }
}
