package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTests {

    private final ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8", "::1"));

    @Test
    void usesThePeerWhenItIsNotATrustedProxy() {
        assertThat(resolver.resolve("198.51.100.4", "203.0.113.7")).isEqualTo("198.51.100.4");
    }

    @Test
    void believesForwardedForFromATrustedProxy() {
        assertThat(resolver.resolve("10.1.2.3", "203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void skipsTrustedHopsAndStopsAtTheFirstUntrustedOne() {
        assertThat(resolver.resolve("10.1.2.3", "192.0.2.1, 203.0.113.7, 10.9.9.9")).isEqualTo("203.0.113.7");
    }

    @Test
    void ignoresGarbageInForwardedFor() {
        assertThat(resolver.resolve("10.1.2.3", "not-an-ip")).isEqualTo("10.1.2.3");
        assertThat(resolver.resolve("10.1.2.3", "evil.example.com")).isEqualTo("10.1.2.3");
    }

    @Test
    void matchesIpv6Proxies() {
        assertThat(resolver.resolve("0:0:0:0:0:0:0:1", "2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void refusesAMisconfiguredRange() {
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/40")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
