package dev.platte.notification;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Lets webhooks reach public addresses only: no loopback, link-local (cloud metadata services live there),
 * private, unique-local, carrier-grade NAT, multicast or unspecified address. Every address of a host must
 * be public, as the client may use any of them.
 */
final class PublicAddressCheck implements AddressCheck {

    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;

    PublicAddressCheck() {
        this(InetAddress::getAllByName);
    }

    PublicAddressCheck(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        var name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        var addresses = resolver.resolve(name);
        for (var address : addresses) {
            var problem = whyNotPublic(address);
            if (problem.isPresent()) {
                throw new RefusedAddressException(
                        "%s resolves to %s, a %s address".formatted(host, address.getHostAddress(), problem.get()));
            }
        }
        return addresses;
    }

    static Optional<String> whyNotPublic(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        var bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            var first = bytes[0] & 0xFF;
            var second = bytes[1] & 0xFF;
            if (first == 0) {
                return Optional.of("unspecified");
            }
            if (first == 100 && second >= 64 && second < 128) {
                return Optional.of("carrier-grade NAT");
            }
            if (first >= 240) {
                return Optional.of("reserved");
            }
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xFE) == 0xFC) {
                return Optional.of("unique local");
            }
            if (isEmbeddedIpv4(bytes)) {
                try {
                    var embedded = InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                    return whyNotPublic(embedded);
                } catch (UnknownHostException e) {
                    return Optional.of("malformed");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * IPv4-compatible {@code ::a.b.c.d} or NAT64 {@code 64:ff9b::a.b.c.d}, judged by their IPv4 address
     * (IPv4-mapped ones reach Java as an Inet4Address already).
     */
    private static boolean isEmbeddedIpv4(byte[] bytes) {
        var nat64 = bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xFF && bytes[3] == (byte) 0x9B;
        for (var i = nat64 ? 4 : 0; i < 12; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
