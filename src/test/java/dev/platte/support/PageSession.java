package dev.platte.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Someone signed in to the pages, driven through {@link MockMvcTester}: signed in with the login form (real
 * accounts, real password check), then every request carries the session cookie, as a browser's does, so
 * flash messages survive a redirect; every post carries the session's CSRF token, as the forms on its pages
 * do. Redirects are not followed.
 *
 * <p>The tokens are the real ones, read from the pages: spring-security-test's {@code csrf()} and
 * {@code formLogin()} would swap the token repository of the one CsrfFilter this context shares with the
 * real server, and break every later test over real HTTP. Tests of the session store, the cookies
 * themselves or the sign-in throttle use {@link PageSignIn} over real HTTP instead.
 */
public final class PageSession {

    private static final String CSRF_COOKIE = "XSRF-TOKEN";

    private final MockMvcTester mvc;
    private final Cookie session;
    private final String csrf;

    private PageSession(MockMvcTester mvc, Cookie session, String csrf) {
        this.mvc = mvc;
        this.session = session;
        this.csrf = csrf;
    }

    /** Signs in with the login form, fails unless it worked. */
    public static PageSession signIn(MockMvcTester mvc, String username, String password) {
        var form = mvc.get().uri("/login").accept(MediaType.TEXT_HTML).exchange();
        assertThat(form).as("the sign-in page").hasStatusOk();
        var login = mvc.post().uri("/login").accept(MediaType.TEXT_HTML)
                // Before sign-in the token waits in a cookie, not a session.
                .cookie(form.getResponse().getCookie(CSRF_COOKIE))
                .formField("username", username)
                .formField("password", password)
                .formField("_csrf", PageSignIn.csrf(RenderedPage.of(form).html()))
                .exchange();
        assertThat(login).as("signing in").hasStatus(HttpStatus.FOUND).redirectedUrl().doesNotContain("error");
        var session = login.getResponse().getCookie(PageSignIn.SESSION_COOKIE);
        assertThat(session).as("a session cookie").isNotNull();
        var home = mvc.get().uri("/").cookie(session).accept(MediaType.TEXT_HTML).exchange();
        assertThat(home).as("the overview").hasStatusOk();
        return new PageSession(mvc, session, PageSignIn.csrf(RenderedPage.of(home).html()));
    }

    /** Signs in as the administrator every integration test starts with. */
    public static PageSession admin(MockMvcTester mvc) {
        return signIn(mvc, IntegrationTest.ADMIN, IntegrationTest.PASSWORD);
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
