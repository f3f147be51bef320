package dev.platte.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API's CSRF protection. It takes credentials with every call (Basic, a token) and keeps no CSRF token,
 * so a browser holding Basic credentials could be led by another site's form to change something. A form
 * can send neither a JSON (or YAML) content type nor a header of its own, and a script on another site could only with
 * the CORS permission Platte never gives: so a state-changing call must carry one of them.
 */
final class ApiRequestMarkFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Requested-By";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final ProblemSecurityHandlers problems;

    ApiRequestMarkFilter(ProblemSecurityHandlers problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod()) || isMarked(request)) {
            chain.doFilter(request, response);
            return;
        }
        problems.refuseUnmarked(request, response);
    }

    private static boolean isMarked(HttpServletRequest request) {
        var header = request.getHeader(HEADER);
        if (header != null && !header.isBlank()) {
            return true;
        }
        var contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        try {
            var type = MediaType.parseMediaType(contentType);
            // JSON, and YAML for configuration documents: types a form cannot send.
            return "application".equals(type.getType()) && (isStructured(type.getSubtype(), "json")
                    || isStructured(type.getSubtype(), "yaml") || isStructured(type.getSubtype(), "x-yaml"));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean isStructured(String subtype, String format) {
        return subtype.equals(format) || subtype.endsWith("+" + format);
    }
}
