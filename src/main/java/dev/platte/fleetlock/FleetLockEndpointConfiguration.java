package dev.platte.fleetlock;

import dev.platte.database.DatabaseAvailability;
import dev.platte.omaha.OmahaProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Mounts {@link FleetLockServlet} at {@code /fleetlock/}. */
@Configuration(proxyBeanMethods = false)
class FleetLockEndpointConfiguration {

    /** The path the servlet serves; the security configuration lets it pass without credentials. */
    static final String PATH = "/fleetlock/*";

    @Bean
    ServletRegistrationBean<FleetLockServlet> fleetLockServlet(RebootGroups rebootGroups, FleetLockMetrics metrics,
            OmahaProperties omaha, JsonMapper json, DatabaseAvailability database) {
        var registration = new ServletRegistrationBean<>(
                new FleetLockServlet(rebootGroups, metrics, omaha, json, database), PATH);
        registration.setName("fleetlock");
        return registration;
    }
}
