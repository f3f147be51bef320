package dev.platte.omaha;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Mounts {@link OmahaServlet} at {@code /v1/update} (with or without a trailing slash or path secret). */
@Configuration(proxyBeanMethods = false)
class OmahaEndpointConfiguration {

    @Bean
    ServletRegistrationBean<OmahaServlet> omahaServlet(OmahaService omaha, OmahaProperties properties) {
        var registration = new ServletRegistrationBean<>(new OmahaServlet(omaha, properties), "/v1/update",
                "/v1/update/*");
        registration.setName("omaha");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
