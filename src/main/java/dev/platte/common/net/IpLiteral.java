package dev.platte.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IP address as a client wrote it: parsed, never looked up, so a host name is simply not one. */
public final class IpLiteral {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]{1,45}");

    private IpLiteral() {}

    public static Optional<InetAddress> parse(String value) {
        if (value == null || !LITERAL.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            // Only digits, hex, dots and colons reach here, which InetAddress parses without DNS.
            return Optional.of(InetAddress.getByName(value));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
