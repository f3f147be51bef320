package dev.platte.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * The pages' CSRF token: in a cookie (HttpOnly, SameSite=Lax, Secure when the request is) while there is
 * no session, so an anonymous visitor of the sign-in page makes Platte keep nothing; in the session once
 * there is one (after sign-in, or during an OIDC sign-in), so a signed-in browser's token lives and dies
 * with its session. The token is replaced at sign-in either way, so one seen before cannot be used after.
 */
final class PageCsrfTokenRepository implements CsrfTokenRepository {

    /** CookieCsrfTokenRepository's default name, which it does not make public. */
    private static final String COOKIE_NAME = "XSRF-TOKEN";

    private final CookieCsrfTokenRepository cookie = new CookieCsrfTokenRepository();
    private final HttpSessionCsrfTokenRepository session = new HttpSessionCsrfTokenRepository();

    PageCsrfTokenRepository() {
        // Secure stays unset: the cookie is then Secure whenever the request is (HTTPS or a trusted TLS proxy).
        cookie.setCookieName(COOKIE_NAME);
        cookie.setCookieCustomizer(builder -> builder.httpOnly(true).sameSite("Lax"));
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return session.generateToken(request);
    }

    @Override
    public void saveToken(@Nullable CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (token == null) {
            // Sign-in and sign-out forget the token wherever it was.
            session.saveToken(null, request, response);
            if (hasCookie(request)) {
                cookie.saveToken(null, request, response);
            }
        } else if (request.getSession(false) != null) {
            session.saveToken(token, request, response);
        } else {
            cookie.saveToken(token, request, response);
        }
    }

    @Override
    public @Nullable CsrfToken loadToken(HttpServletRequest request) {
        // With a session, only its token counts: a cookie token from before sign-in stays worthless.
        return request.getSession(false) != null ? session.loadToken(request) : cookie.loadToken(request);
    }

    private boolean hasCookie(HttpServletRequest request) {
        var cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (var candidate : cookies) {
            if (COOKIE_NAME.equals(candidate.getName())) {
                return true;
            }
        }
        return false;
    }
}
