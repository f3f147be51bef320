package dev.platte.database;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.ViewResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outermost guard for database outages, ahead of the session and security filters (which read the
 * session from PostgreSQL). While the database is down, node requests and pages are answered 503
 * without touching the pool. A failure that reaches this filter because the database is unreachable
 * (from the session lookup, an API token check, or a controller) becomes a 503 with {@code Retry-After}:
 * plain text for nodes, a problem for the API, the error page for everything else. Never a 500.
 */
final class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    /** What is not a page: the API answers problems, probes answer themselves, the error page needs its styles. */
    private static final String[] NOT_PAGES = {"/api/", "/actuator/", "/css/", "/js/", "/payloads/", "/fleetlock/",
            "/v1/update"};

    private final DatabaseAvailability availability;
    private final JsonMapper json;
    private final @Nullable ViewResolver pages;

    DatabaseOutageFilter(DatabaseAvailability availability, JsonMapper json, @Nullable ViewResolver pages) {
        this.availability = availability;
        this.json = json;
        this.pages = pages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ((isOmaha(request) || isPage(request)) && !availability.isAvailable()) {
            answerUnavailable(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (response.isCommitted() || !availability.reportFailure(e).isUnavailable()) {
                throw e;
            }
            answerUnavailable(request, response);
        }
    }

    private void answerUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.reset();
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(availability.retryAfterSeconds()));
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        if (path(request).startsWith("/api/")) {
            var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DatabaseAvailability.EXPLANATION);
            problem.setTitle("Database unavailable");
            problem.setInstance(URI.create(request.getRequestURI()));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write(json.writeValueAsString(problem));
        } else if (isOmaha(request) || !renderErrorPage(request, response)) {
            // update_engine takes any non-200 as a failed check and simply asks again later.
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.getWriter().write(DatabaseAvailability.EXPLANATION + "\n");
        }
    }

    /**
     * Renders templates/error.html here rather than through the container's error dispatch to
     * {@code /error}: that dispatch passes the session filter again, and with a session cookie
     * something always asks for the session, which is in the unreachable database. This request is
     * outside the session filter, so nothing in the page can reach it.
     */
    private boolean renderErrorPage(HttpServletRequest request, HttpServletResponse response) {
        try {
            var view = pages == null ? null : pages.resolveViewName("error", request.getLocale());
            if (view == null) {
                return false;
            }
            view.render(Map.of("status", HttpStatus.SERVICE_UNAVAILABLE.value(), "error", "Database unreachable"),
                    request, response);
            return true;
        } catch (Exception e) {
            log.warn("Could not render the error page for a database outage: {}", e.toString());
            response.resetBuffer();
            return false;
        }
    }

    /**
     * A page, the sign-in form included: an anonymous one may not touch the database itself (it keeps no
     * session), but whatever the browser does next needs it, so it hears of the outage at once.
     */
    private static boolean isPage(HttpServletRequest request) {
        var path = path(request);
        for (var prefix : NOT_PAGES) {
            if (path.startsWith(prefix)) {
                return false;
            }
        }
        return !path.equals("/favicon.ico");
    }

    private static boolean isOmaha(HttpServletRequest request) {
        var path = path(request);
        return path.equals("/v1/update") || path.startsWith("/v1/update/");
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
