package dev.platte.config;

import dev.platte.omaha.OmahaProperties;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Believes {@code X-Forwarded-For} and {@code X-Forwarded-Proto} from the configured trusted proxies only
 * ({@code platte.omaha.trusted-proxies}), with Tomcat's RemoteIpValve: behind a TLS proxy a request is then
 * secure, so session cookies are {@code Secure} and HSTS is sent; from anyone else the headers change
 * nothing. Boot's own valve stays off ({@code server.forward-headers-strategy: none}), as on Kubernetes it
 * would believe every private address. The Omaha endpoint reads the same list and so sees the same client.
 */
@Configuration(proxyBeanMethods = false)
class TrustedProxyConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxyHeaders(OmahaProperties omaha) {
        var ranges = omaha.trustedProxies().stream()
                .map(String::strip)
                .filter(range -> !range.isEmpty())
                // Tomcat reads the list as CIDR ranges only when each names its prefix length.
                .map(range -> range.contains("/") ? range : range + (range.contains(":") ? "/128" : "/32"))
                .toList();
        return factory -> {
            if (ranges.isEmpty()) {
                return;
            }
            var valve = new RemoteIpValve();
            valve.setInternalProxies(String.join(",", ranges));
            valve.setRemoteIpHeader("X-Forwarded-For");
            valve.setProtocolHeader("X-Forwarded-Proto");
            valve.setPortHeader("X-Forwarded-Port");
            factory.addEngineValves(valve);
        };
    }
}
