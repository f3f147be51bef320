package dev.platte.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Apache HttpClient's name resolution through an {@link OutboundAddressGuard}: the client connects to
 * exactly the addresses the guard checked, so a refused host is never connected to, whether it is the
 * first URL or a redirect's.
 */
public final class GuardedDnsResolver implements DnsResolver {

    private final OutboundAddressGuard guard;

    public GuardedDnsResolver(OutboundAddressGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.resolve(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
