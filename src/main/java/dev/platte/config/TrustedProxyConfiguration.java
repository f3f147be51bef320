package dev.platte.config;

import dev.platte.common.net.IpLiteral;
import dev.platte.omaha.OmahaProperties;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.tomcat.util.buf.StringUtils;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Believes {@code X-Forwarded-For} and {@code X-Forwarded-Proto} from the configured trusted proxies only
 * ({@code platte.omaha.trusted-proxies}), with Tomcat's RemoteIpValve: behind a TLS proxy a request is then
 * secure, so session cookies are {@code Secure} and HSTS is sent; from anyone else the headers change
 * nothing. Boot's own valve stays off ({@code server.forward-headers-strategy: none}), as on Kubernetes it
 * would believe every private address. Everything that needs the client's address (the Omaha endpoint,
 * the registration limit, FleetLock) reads {@code request.getRemoteAddr()} as the valve sets it.
 */
@Configuration(proxyBeanMethods = false)
class TrustedProxyConfiguration {

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxyHeaders(OmahaProperties omaha) {
        var valve = remoteIpValve(omaha.trustedProxies());
        return factory -> valve.ifPresent(factory::addEngineValves);
    }

    /** The valve for these proxies (addresses or CIDR ranges), or none when there are none. */
    static Optional<RemoteIpValve> remoteIpValve(List<String> trustedProxies) {
        var ranges = trustedProxies.stream()
                .map(String::strip)
                .filter(range -> !range.isEmpty())
                // Tomcat reads the list as CIDR ranges only when each names its prefix length.
                .map(range -> range.contains("/") ? range : range + (range.contains(":") ? "/128" : "/32"))
                .toList();
        if (ranges.isEmpty()) {
            return Optional.empty();
        }
        var valve = new LiteralForwardedForValve();
        try {
            valve.setInternalProxies(String.join(",", ranges));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("platte.omaha.trusted-proxies: " + e.getMessage(), e);
        }
        valve.setRemoteIpHeader(FORWARDED_FOR);
        valve.setProtocolHeader("X-Forwarded-Proto");
        valve.setPortHeader("X-Forwarded-Port");
        return Optional.of(valve);
    }

    /**
     * Tomcat's valve takes the first hop it does not trust, whatever it says. This one lets it see only IP
     * addresses, in canonical form: a hop that is not one (a name, garbage) ends the chain there, so the
     * node is the nearest hop behind it, as if the header had begun after it.
     */
    static final class LiteralForwardedForValve extends RemoteIpValve {

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            var values = request.getHeaders(FORWARDED_FOR);
            if (values.hasMoreElements()) {
                var hops = StringUtils.splitCommaSeparated(String.join(",", Collections.list(values)));
                var believed = new ArrayList<String>();
                for (int i = hops.length - 1; i >= 0; i--) {
                    var hop = IpLiteral.parse(hops[i]);
                    if (hop.isEmpty()) {
                        break;
                    }
                    believed.addFirst(hop.map(InetAddress::getHostAddress).orElseThrow());
                }
                var headers = request.getCoyoteRequest().getMimeHeaders();
                headers.removeHeader(FORWARDED_FOR);
                if (!believed.isEmpty()) {
                    headers.addValue(FORWARDED_FOR).setString(String.join(", ", believed));
                }
            }
            super.invoke(request, response);
        }
    }
}
