package dev.platte.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressCheckTests {

    private final PublicAddressCheck check = new PublicAddressCheck();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "100.64.0.1", "0.0.0.0", "::",
            "224.0.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "[::1]"})
    void refusesLoopbackLinkLocalAndPrivateAddresses(String host) {
        assertThatThrownBy(() -> check.resolve(host))
                .isInstanceOf(AddressCheck.RefusedAddressException.class)
                .hasMessageContaining("address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
            "[2a00:1450:4001::200e]"})
    void allowsPublicAddresses(String host) throws UnknownHostException {
        assertThat(check.resolve(host)).isNotEmpty();
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsPrivate() {
        var mixed = new PublicAddressCheck(host -> new InetAddress[] {
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")});
        assertThatThrownBy(() -> mixed.resolve("hooks.example.com"))
                .isInstanceOf(AddressCheck.RefusedAddressException.class)
                .hasMessage("hooks.example.com resolves to 10.0.0.7, a private address");
    }

    @Test
    void returnsExactlyTheAddressesItChecked() throws UnknownHostException {
        var address = InetAddress.getByName("93.184.216.34");
        var resolving = new PublicAddressCheck(host -> new InetAddress[] {address});
        assertThat(resolving.resolve("hooks.example.com")).containsExactly(address);
    }
}
