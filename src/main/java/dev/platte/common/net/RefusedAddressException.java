package dev.platte.common.net;

import dev.platte.common.Untrusted;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A host Platte was told to connect to resolves to an address it must not reach on someone else's say-so.
 * An {@link UnknownHostException}, so that it travels out of an HTTP client's name resolution unchanged.
 */
public class RefusedAddressException extends UnknownHostException {

    private final String host;
    private final String addressKind;

    RefusedAddressException(String host, InetAddress address, String addressKind) {
        super("%s resolves to a %s address (%s)".formatted(Untrusted.printable(host, 100), addressKind,
                address.getHostAddress()));
        this.host = host;
        this.addressKind = addressKind;
    }

    public String host() {
        return host;
    }

    /** "loopback", "private", "link-local", ... */
    public String addressKind() {
        return addressKind;
    }
}
