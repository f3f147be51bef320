package dev.platte.config;

import dev.platte.admin.account.SignInThrottledException;
import dev.platte.database.DatabaseAvailability;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401, 403 and 429 for the API as RFC 9457 problems, like every other API error. A 401 challenges with
 * Basic only a request that tried Basic: a browser that sent no credentials is never made to prompt for
 * them, and so never keeps them to send along with requests other sites make it send.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper json;
    private final DatabaseAvailability database;

    ProblemSecurityHandlers(JsonMapper json, DatabaseAvailability database) {
        this.json = json;
        this.database = database;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        // Checking a password needs the database: during an outage that is no reason to call anyone unauthorized.
        if (database.reportFailure(e).isUnavailable()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(database.retryAfterSeconds()));
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable", DatabaseAvailability.EXPLANATION);
            return;
        }
        if (e instanceof SignInThrottledException throttled) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
            write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins", throttled.getMessage());
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(request));
        write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                "Sign in with HTTP Basic or an API token (Authorization: Bearer platte_…)");
    }

    /** {@code Bearer} for everyone (browsers never prompt for it); {@code Basic} too where Basic was tried. */
    static String challenge(HttpServletRequest request) {
        var authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        var triedBasic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        return triedBasic ? "Basic realm=\"Platte\", Bearer realm=\"Platte\"" : "Bearer realm=\"Platte\"";
    }

    /** Refuses a state-changing API call that a page on another site could have made a browser send. */
    void refuseUnmarked(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "Forbidden", "A request that changes something must send JSON or YAML "
                + "(Content-Type: application/json or application/yaml) or the header " + ApiRequestMarkFilter.HEADER + ": <anything>");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
            String detail) throws IOException {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setCharacterEncoding("UTF-8");
        response.setContentType("application/problem+json");
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
