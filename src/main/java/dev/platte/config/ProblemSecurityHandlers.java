package dev.platte.config;

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

/** 401 and 403 for the API as RFC 9457 problems, like every other API error. */
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
        response.setHeader("WWW-Authenticate", "Basic realm=\"Platte\", Bearer");
        write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                "Sign in with HTTP Basic or an API token (Authorization: Bearer platte_…)");
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
