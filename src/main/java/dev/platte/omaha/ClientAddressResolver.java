package dev.platte.omaha;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a node connects from. {@code X-Forwarded-For} is read only when the direct peer is a
 * trusted proxy; otherwise any node could claim any address.
 */
final class ClientAddressResolver {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final List<Range> trusted;

    ClientAddressResolver(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(cidr -> Range.parse("platte.omaha.trusted-proxies", cidr)).toList();
    }

    String resolve(String remoteAddress, String forwardedFor) {
        var client = parse(remoteAddress);
        if (client == null) {
            return remoteAddress;
        }
        if (forwardedFor == null || !isTrusted(client)) {
            return client.getHostAddress();
        }
        // Walk from the nearest hop outwards; the first address not ours is the node.
        var hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            var hop = parse(hops[i].strip());
            if (hop == null) {
                break;
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(range -> range.contains(address));
    }

    /** Parses IP literals only: never a DNS lookup on a value a client sent. */
    static InetAddress parse(String value) {
        if (value == null || value.isEmpty() || value.length() > 45 || !IP_LITERAL.matcher(value).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address or CIDR range from configuration; {@code property} names it in errors. */
    record Range(BigInteger network, int prefix, int bits) {

        static Range parse(String property, String cidr) {
            var slash = cidr.indexOf('/');
            var address = ClientAddressResolver.parse(slash < 0 ? cidr : cidr.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException(property + ": not an address or CIDR: " + cidr);
            }
            var bits = address.getAddress().length * 8;
            var prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException(property + ": bad prefix length in " + cidr);
            }
            return new Range(mask(new BigInteger(1, address.getAddress()), prefix, bits), prefix, bits);
        }

        boolean contains(InetAddress address) {
            var raw = address.getAddress();
            return raw.length * 8 == bits && mask(new BigInteger(1, raw), prefix, bits).equals(network);
        }

        private static BigInteger mask(BigInteger value, int prefix, int bits) {
            return value.shiftRight(bits - prefix);
        }
    }
}
