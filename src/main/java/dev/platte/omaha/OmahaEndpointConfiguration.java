package dev.platte.omaha;

import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Mounts {@link OmahaServlet} at {@code /v1/update} (with or without a trailing slash or path secret), and
 * lets update checks skip the servlet filters that serve pages and the API.
 */
@Configuration(proxyBeanMethods = false)
class OmahaEndpointConfiguration {

    private static final String[] PATHS = {"/v1/update", "/v1/update/*"};

    @Bean
    ServletRegistrationBean<OmahaServlet> omahaServlet(OmahaService omaha, OmahaProperties properties) {
        var registration = new ServletRegistrationBean<>(new OmahaServlet(omaha, properties), PATHS);
        registration.setName("omaha");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * Hands update checks to {@link OmahaServlet} right after the database-outage guard (ordered
     * {@code SessionRepositoryFilter.DEFAULT_ORDER - 10}), which still answers them 503 during an outage.
     * The filters between here and the servlet (the session, Spring Security's chain, request context, form
     * content) serve pages and the API: an update check carries no credentials, session or cookie, and
     * passing them costs more than a quick check's own work. The chain ends in this same servlet, so
     * nothing else changes.
     */
    @Bean
    FilterRegistrationBean<Filter> omahaAheadOfPageFilters(ServletRegistrationBean<OmahaServlet> omahaServlet) {
        var servlet = omahaServlet.getServlet();
        var registration = new FilterRegistrationBean<Filter>((request, response, chain) -> servlet.service(request, response));
        registration.setName("omahaAheadOfPageFilters");
        registration.setUrlPatterns(List.of(PATHS));
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        return registration;
    }

    /**
     * Update checks are timed per app by {@code platte.omaha.requests}; a second, per-request observation
     * ({@code http.server.requests}, with its active-request gauge) would cost about as much as decoding
     * the request.
     */
    @Bean
    ObservationPredicate noHttpServerObservationOfUpdateChecks() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && isUpdatePath(server.getCarrier().getRequestURI()));
    }

    private static boolean isUpdatePath(String uri) {
        return uri.startsWith("/v1/update") && (uri.length() == 10 || uri.charAt(10) == '/');
    }
}
