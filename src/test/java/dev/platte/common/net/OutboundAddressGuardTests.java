package dev.platte.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundAddressGuardTests {

    /** A DNS in the test: names and what they resolve to. */
    private static final Map<String, List<String>> DNS = Map.of(
            "updates.example.com", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            "rebound.example.com", List.of("93.184.215.14", "127.0.0.1"),
            "metadata.example.com", List.of("169.254.169.254"),
            "internal.example.com", List.of("10.1.2.3"),
            "v6-internal.example.com", List.of("fd00::5"));

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        var addresses = DNS.get(host);
        if (addresses == null) {
            return InetAddress.getAllByName(host); // IP literals in the tests
        }
        var resolved = new InetAddress[addresses.size()];
        for (var i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByName(addresses.get(i));
        }
        return resolved;
    }

    private static OutboundAddressGuard guard(List<String> trusted, boolean allowNonPublic) {
        return new OutboundAddressGuard(trusted, allowNonPublic, OutboundAddressGuardTests::resolve);
    }

    @Test
    void returnsEveryAddressOfAPublicHost() throws UnknownHostException {
        assertThat(guard(List.of(), false).resolve("updates.example.com")).hasSize(2);
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsNotPublic() {
        assertThatThrownBy(() -> guard(List.of(), false).resolve("rebound.example.com"))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessage("rebound.example.com resolves to a loopback address (127.0.0.1)");
    }

    @Test
    void refusesLinkLocalPrivateAndUniqueLocalHostsAndLiterals() {
        var guard = guard(List.of(), false);
        assertThatThrownBy(() -> guard.resolve("metadata.example.com")).hasMessageContaining("link-local");
        assertThatThrownBy(() -> guard.resolve("internal.example.com")).hasMessageContaining("private");
        assertThatThrownBy(() -> guard.resolve("v6-internal.example.com")).hasMessageContaining("unique local");
        assertThatThrownBy(() -> guard.resolve("127.0.0.1")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> guard.resolve("[::1]")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> guard.resolve("::ffff:169.254.169.254")).hasMessageContaining("link-local");
    }

    @Test
    void letsATrustedHostResolveToAnything() throws UnknownHostException {
        var guard = guard(List.of("Internal.Example.com.", "127.0.0.1"), false);

        assertThat(guard.resolve("internal.example.com")).hasSize(1);
        assertThat(guard.resolve("127.0.0.1")).hasSize(1);
        assertThat(guard.trusts("INTERNAL.example.com")).isTrue();
        assertThatThrownBy(() -> guard.resolve("metadata.example.com")).isInstanceOf(RefusedAddressException.class);
    }

    @Test
    void letsEveryHostThroughWhenNonPublicAddressesAreAllowed() throws UnknownHostException {
        var guard = guard(List.of(), true);

        assertThat(guard.resolve("metadata.example.com")).hasSize(1);
        assertThat(guard.resolve("rebound.example.com")).hasSize(2);
    }

    @Test
    void keepsAHostileNameOutOfItsMessageShortAndOnOneLine() {
        var name = "a\r\nforged log line " + "x".repeat(300);
        var guard = new OutboundAddressGuard(List.of(), false, host -> new InetAddress[] {InetAddress.getByName("10.0.0.1")});

        assertThatThrownBy(() -> guard.resolve(name)).isInstanceOfSatisfying(RefusedAddressException.class, e -> {
            assertThat(e.getMessage()).doesNotContain("\r").doesNotContain("\n").hasSizeLessThan(200);
            assertThat(e.addressKind()).isEqualTo("private");
        });
    }
}
