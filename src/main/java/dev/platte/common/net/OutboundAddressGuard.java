package dev.platte.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which addresses Platte may connect to when someone else chose the host: a redirect, a payload
 * URL an upstream names, a webhook. The host is resolved and every one of its addresses (IPv4 and IPv6)
 * must be public ({@link PublicAddresses}); one loopback, link-local or private address refuses the host,
 * since a client may pick any of them. Hosts an administrator configured are trusted as they are, and so
 * is everything when non-public addresses are allowed (an all-internal installation).
 *
 * <p>Connect to the addresses {@link #resolve} returns, never to a second lookup of the name: a host whose
 * DNS answers change between the check and the connection (DNS rebinding) would otherwise slip through.
 * {@link GuardedDnsResolver} does this for Apache HttpClient.
 */
public final class OutboundAddressGuard {

    /** Looks a host name up; IP literals are parsed, not looked up. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> trustedHosts;
    private final boolean allowNonPublic;
    private final Resolver resolver;

    /**
     * @param trustedHosts host names or IP literals whose addresses are not checked (any letter case)
     * @param allowNonPublic check nothing: every address may be reached
     */
    public OutboundAddressGuard(Collection<String> trustedHosts, boolean allowNonPublic) {
        this(trustedHosts, allowNonPublic, InetAddress::getAllByName);
    }

    public OutboundAddressGuard(Collection<String> trustedHosts, boolean allowNonPublic, Resolver resolver) {
        this.trustedHosts = trustedHosts.stream().map(OutboundAddressGuard::normalize).collect(Collectors.toUnmodifiableSet());
        this.allowNonPublic = allowNonPublic;
        this.resolver = resolver;
    }

    /**
     * The addresses of {@code host}, all of which Platte may connect to.
     *
     * @throws RefusedAddressException when one of them is not public and the host is not trusted
     * @throws UnknownHostException when the host has no address
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        var name = normalize(host);
        var addresses = resolver.resolve(name);
        if (allowNonPublic || trustedHosts.contains(name)) {
            return addresses;
        }
        for (var address : addresses) {
            var kind = PublicAddresses.whyNotPublic(address);
            if (kind.isPresent()) {
                throw new RefusedAddressException(name, address, kind.get());
            }
        }
        return addresses;
    }

    public boolean trusts(String host) {
        return allowNonPublic || trustedHosts.contains(normalize(host));
    }

    /** Host names compare in lower case, without the brackets of an IPv6 literal or a final dot. */
    static String normalize(String host) {
        var name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
