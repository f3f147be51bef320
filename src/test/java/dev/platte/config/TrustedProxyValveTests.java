package dev.platte.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;

/** The client address the application sees behind {@code platte.omaha.trusted-proxies}. */
class TrustedProxyValveTests {

    private final List<String> trusted = List.of("10.0.0.0/8", "::1");

    @Test
    void usesThePeerWhenItIsNotATrustedProxy() throws Exception {
        assertThat(remoteAddress("198.51.100.4", "203.0.113.7")).isEqualTo("198.51.100.4");
    }

    @Test
    void believesForwardedForFromATrustedProxy() throws Exception {
        assertThat(remoteAddress("10.1.2.3", "203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void skipsTrustedHopsAndStopsAtTheFirstUntrustedOne() throws Exception {
        assertThat(remoteAddress("10.1.2.3", "192.0.2.1, 203.0.113.7, 10.9.9.9")).isEqualTo("203.0.113.7");
    }

    @Test
    void ignoresGarbageInForwardedFor() throws Exception {
        assertThat(remoteAddress("10.1.2.3", "not-an-ip")).isEqualTo("10.1.2.3");
        assertThat(remoteAddress("10.1.2.3", "evil.example.com")).isEqualTo("10.1.2.3");
        assertThat(remoteAddress("10.1.2.3", "203.0.113.7, evil.example.com, 10.9.9.9")).isEqualTo("10.9.9.9");
    }

    @Test
    void matchesIpv6Proxies() throws Exception {
        assertThat(remoteAddress("0:0:0:0:0:0:0:1", "2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void refusesAMisconfiguredRange() {
        assertThatThrownBy(() -> TrustedProxyConfiguration.remoteIpValve(List.of("10.0.0.0/40")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("platte.omaha.trusted-proxies");
    }

    @Test
    void addsNoValveWithoutTrustedProxies() {
        assertThat(TrustedProxyConfiguration.remoteIpValve(List.of(" "))).isEmpty();
    }

    /** What {@code request.getRemoteAddr()} says behind the valve, for a request from {@code peer}. */
    private String remoteAddress(String peer, String forwardedFor) throws Exception {
        var valve = TrustedProxyConfiguration.remoteIpValve(trusted).orElseThrow();
        var seen = new String[1];
        valve.setNext(new ValveBase() {
            @Override
            public void invoke(Request request, Response response) {
                seen[0] = request.getRemoteAddr();
            }
        });
        var request = new Request(new Connector(), new org.apache.coyote.Request());
        request.setRemoteAddr(peer);
        request.getCoyoteRequest().getMimeHeaders().addValue("X-Forwarded-For").setString(forwardedFor);
        valve.invoke(request, null);
        return seen[0];
    }
}
