package dev.platte.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressesTests {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback",
        "127.255.0.9, loopback",
        "::1, loopback",
        "169.254.169.254, link-local",
        "fe80::1, link-local",
        "febf:ffff::1, link-local",
        "10.0.0.1, private",
        "10.255.255.255, private",
        "172.16.0.1, private",
        "172.31.255.254, private",
        "192.168.1.10, private",
        "fc00::1, unique local",
        "fd12:3456:789a::1, unique local",
        "100.64.0.1, carrier-grade NAT",
        "0.0.0.0, unspecified",
        "::, unspecified",
        "224.0.0.251, multicast",
        "ff02::1, multicast",
        "255.255.255.255, reserved",
        "192.0.2.1, documentation",
        "2001:db8::1, documentation",
        "198.18.0.1, benchmarking"
    })
    void namesTheKindOfANonPublicAddress(String address, String kind) throws UnknownHostException {
        assertThat(PublicAddresses.whyNotPublic(InetAddress.getByName(address))).hasValue(kind);
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.169.0.1", "100.128.0.1",
        "169.255.0.1", "11.0.0.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "fbff::1", "fec0::1"})
    void acceptsPublicAddresses(String address) throws UnknownHostException {
        var expectPublic = !address.equals("fec0::1");
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isEqualTo(expectPublic);
    }

    /** Built as Inet6Address on purpose: InetAddress.getByName would already turn them into IPv4 addresses. */
    @ParameterizedTest
    @CsvSource({
        "0:0:0:0:0:ffff:7f00:1, loopback (IPv4-mapped)",
        "0:0:0:0:0:ffff:a00:1, private (IPv4-mapped)",
        "0:0:0:0:0:ffff:a9fe:a9fe, link-local (IPv4-mapped)",
        "0:0:0:0:0:0:c0a8:101, private (IPv4-compatible)",
        "64:ff9b:0:0:0:0:7f00:1, loopback (NAT64)",
        "2002:c0a8:101:0:0:0:0:1, private (6to4)"
    })
    void judgesAnIpv6AddressCarryingAnIpv4OneByThatAddress(String address, String kind) throws UnknownHostException {
        assertThat(PublicAddresses.whyNotPublic(v6(address))).hasValue(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0:0:0:0:0:ffff:808:808", "64:ff9b:0:0:0:0:808:808", "2002:808:808:0:0:0:0:1"})
    void acceptsAnIpv6AddressCarryingAPublicIpv4One(String address) throws UnknownHostException {
        assertThat(PublicAddresses.isPublic(v6(address))).isTrue();
    }

    /** An Inet6Address even for the IPv4-mapped form, which the JDK's parser turns into an IPv4 address. */
    private static InetAddress v6(String address) throws UnknownHostException {
        var bytes = InetAddress.getByName(address).getAddress();
        if (bytes.length == 4) {
            var mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        var v6 = Inet6Address.getByAddress(null, bytes, -1);
        assertThat(v6).isInstanceOf(Inet6Address.class);
        return v6;
    }
}
