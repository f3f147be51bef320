package dev.platte.notification;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves the host of a webhook URL to the addresses Platte may connect to, refusing hosts an admin must
 * not make Platte call (loopback, link-local, private). The HTTP client connects to exactly the addresses
 * returned, so a host whose DNS answer changes after the check cannot slip through.
 */
@FunctionalInterface
public interface AddressCheck {

    /**
     * @throws dev.platte.common.net.RefusedAddressException when the host has an address Platte must not reach
     * @throws UnknownHostException when it has none
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
