package dev.platte.config;

import dev.platte.gate.AlertmanagerProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Alertmanager's webhook has its own credential ({@code platte.alertmanager.token}, or username and
 * password), sent as Alertmanager's {@code http_config} does: a bearer token or HTTP Basic. No session, no
 * CSRF (a machine posts JSON with credentials on every call), and the credential grants nothing else.
 */
@Configuration(proxyBeanMethods = false)
class AlertmanagerSecurityConfiguration {

    static final String PATH = "/api/v1/alertmanager";

    @Bean
    @Order(1)
    SecurityFilterChain alertmanagerChain(HttpSecurity http, AlertmanagerProperties properties) throws Exception {
        return http.securityMatcher(PATH)
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAuthority("ALERTMANAGER"))
                .addFilterBefore(new AlertmanagerCredentialFilter(properties), BasicAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                    response.setContentType("application/problem+json");
                    response.getWriter().write("{\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"send platte.alertmanager.token as a bearer token, or its username and password\"}");
                }))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .build();
    }

    static final class AlertmanagerCredentialFilter extends OncePerRequestFilter {

        private final AlertmanagerProperties properties;

        AlertmanagerCredentialFilter(AlertmanagerProperties properties) {
            this.properties = properties;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "alertmanager", null, List.of(new SimpleGrantedAuthority("ALERTMANAGER"))));
            }
            chain.doFilter(request, response);
        }

        boolean accepts(String header) {
            if (header == null) {
                return false;
            }
            var token = properties.token();
            if (token != null && !token.isBlank() && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return same(header.substring(7).strip(), token);
            }
            var username = properties.username();
            if (username != null && !username.isBlank() && header.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    var pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                    var expected = username + ":" + (properties.password() == null ? "" : properties.password());
                    return same(pair, expected);
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
            return false;
        }

        private static boolean same(String given, String expected) {
            return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
        }
    }
}
