package dev.platte.config;

import dev.platte.admin.account.SignInThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Failed sign-ins on the pages: the form goes back to the sign-in page, saying in the query (never in a
 * session) that the password was wrong or how long to wait when throttled; HTTP Basic (scrapers, scripts) gets 429 with {@code Retry-After}, or a 401 that challenges
 * with Basic only where Basic was tried.
 */
final class PageSignInHandlers implements AuthenticationFailureHandler, AuthenticationEntryPoint {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e) throws IOException {
        if (e instanceof SignInThrottledException throttled) {
            response.sendRedirect(request.getContextPath() + "/login?throttled=" + throttled.retryAfterSeconds());
            return;
        }
        // Said by the query alone: remembering the failure in a session would let anyone make Platte keep rows.
        response.sendRedirect(request.getContextPath() + "/login?error");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof SignInThrottledException throttled) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
            response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), throttled.getMessage());
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, ProblemSecurityHandlers.challenge(request));
        response.sendError(HttpStatus.UNAUTHORIZED.value(), HttpStatus.UNAUTHORIZED.getReasonPhrase());
    }
}
