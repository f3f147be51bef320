package dev.platte.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Tells a public internet address from one Platte must not be sent to by someone else's say-so: loopback,
 * link-local (cloud metadata services live there), private and unique-local ranges, carrier-grade NAT,
 * multicast, documentation and other reserved ranges. IPv6 forms that carry an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that
 * IPv4 address, so {@code ::ffff:127.0.0.1} is loopback too.
 */
public final class PublicAddresses {

    private record Range(byte[] prefix, int bits, String kind) {

        static Range of(String cidr, String kind) {
            var slash = cidr.indexOf('/');
            try {
                // IP literals only (the constants below), which are parsed, never looked up.
                var address = InetAddress.getByName(cidr.substring(0, slash));
                return new Range(address.getAddress(), Integer.parseInt(cidr.substring(slash + 1)), kind);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            var whole = bits / 8;
            for (var i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            var rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            var mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    /** IANA's special-purpose registries, minus the ranges that are globally reachable. */
    private static final List<Range> IPV4 = List.of(
            Range.of("0.0.0.0/8", "unspecified"),
            Range.of("10.0.0.0/8", "private"),
            Range.of("100.64.0.0/10", "carrier-grade NAT"),
            Range.of("127.0.0.0/8", "loopback"),
            Range.of("169.254.0.0/16", "link-local"),
            Range.of("172.16.0.0/12", "private"),
            Range.of("192.0.0.0/24", "reserved"),
            Range.of("192.0.2.0/24", "documentation"),
            Range.of("192.88.99.0/24", "reserved"),
            Range.of("192.168.0.0/16", "private"),
            Range.of("198.18.0.0/15", "benchmarking"),
            Range.of("198.51.100.0/24", "documentation"),
            Range.of("203.0.113.0/24", "documentation"),
            Range.of("224.0.0.0/4", "multicast"),
            Range.of("240.0.0.0/4", "reserved"));

    private static final List<Range> IPV6 = List.of(
            Range.of("::/128", "unspecified"),
            Range.of("::1/128", "loopback"),
            Range.of("64:ff9b:1::/48", "NAT64 local-use"),
            Range.of("100::/64", "reserved"),
            Range.of("2001:db8::/32", "documentation"),
            Range.of("fc00::/7", "unique local"),
            Range.of("fe80::/10", "link-local"),
            Range.of("fec0::/10", "site-local"),
            Range.of("ff00::/8", "multicast"));

    private PublicAddresses() {}

    public static boolean isPublic(InetAddress address) {
        return whyNotPublic(address).isEmpty();
    }

    /** What kind of non-public address this is ("loopback", "private", ...), or empty for a public one. */
    public static Optional<String> whyNotPublic(InetAddress address) {
        var bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return kindIn(IPV4, bytes);
        }
        if (address instanceof Inet6Address) {
            var own = kindIn(IPV6, bytes);
            if (own.isPresent()) {
                return own;
            }
            var embedded = embeddedIpv4(bytes);
            return embedded == null ? Optional.empty()
                    : kindIn(IPV4, embedded.address()).map(kind -> kind + " (" + embedded.form() + ")");
        }
        return Optional.of("unknown");
    }

    private static Optional<String> kindIn(List<Range> ranges, byte[] address) {
        return ranges.stream().filter(range -> range.contains(address)).map(Range::kind).findFirst();
    }

    private record Embedded(byte[] address, String form) {}

    /** The IPv4 address an IPv6 address stands for, or {@code null} when it stands for none. */
    private static Embedded embeddedIpv4(byte[] v6) {
        if (allZero(v6, 0, 10) && (v6[10] & 0xFF) == 0xFF && (v6[11] & 0xFF) == 0xFF) {
            return new Embedded(slice(v6, 12), "IPv4-mapped"); // ::ffff:a.b.c.d
        }
        if (allZero(v6, 0, 12)) {
            return new Embedded(slice(v6, 12), "IPv4-compatible"); // ::a.b.c.d (deprecated)
        }
        if (v6[0] == 0x00 && (v6[1] & 0xFF) == 0x64 && (v6[2] & 0xFF) == 0xFF && (v6[3] & 0xFF) == 0x9B
                && allZero(v6, 4, 12)) {
            return new Embedded(slice(v6, 12), "NAT64"); // 64:ff9b::a.b.c.d
        }
        if ((v6[0] & 0xFF) == 0x20 && v6[1] == 0x02) {
            return new Embedded(slice(v6, 2), "6to4"); // 2002:aabb:ccdd::
        }
        return null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (var i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] bytes, int from) {
        return new byte[] {bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]};
    }
}
