package dev.platte.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import jakarta.servlet.http.Cookie;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Someone signed in to the pages, driven through {@link MockMvcTester}: signed in once with the login form
 * (real accounts, real password check), then every request carries the session cookie, as a browser's
 * does, so flash messages survive a redirect; every post carries a CSRF token. Redirects are not followed.
 * Tests of the session store, the cookies themselves or the sign-in throttle use {@link PageSignIn} over
 * real HTTP instead.
 */
public final class PageSession {

    private final MockMvcTester mvc;
    private final Cookie session;

    private PageSession(MockMvcTester mvc, Cookie session) {
        this.mvc = mvc;
        this.session = session;
    }

    /** Signs in with the login form, fails unless it worked. */
    public static PageSession signIn(MockMvcTester mvc, String username, String password) {
        var login = mvc.perform(formLogin("/login").user(username).password(password).acceptMediaType(MediaType.TEXT_HTML));
        assertThat(login).hasStatus(HttpStatus.FOUND);
        assertThat(login).redirectedUrl().doesNotContain("error");
        var session = login.getResponse().getCookie(PageSignIn.SESSION_COOKIE);
        assertThat(session).as("a session cookie").isNotNull();
        return new PageSession(mvc, session);
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

    /** Posts {@code form} to {@code action} with a valid CSRF token, as the form on a page would. */
    public MvcTestResult submit(String action, Form form) {
        return mvc.post().uri(action).cookie(session).accept(MediaType.TEXT_HTML).with(csrf())
                .formFields(form.fields()).exchange();
    }
}
