package dev.platte.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HTTP clients that connect from a chosen loopback address (all of 127/8 is local on Linux), so a test can
 * be a client of its own to per-address limits, or be the trusted proxy. Connect them to 127.0.0.1.
 */
public final class LoopbackClients {

    private LoopbackClients() {}

    /** An address no other test uses: 127.x.y.z outside 127.0.0.0/24. */
    public static String uniqueAddress() {
        var random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
    }

    public static HttpClient from(String address) {
        try {
            return HttpClient.newBuilder()
                    .localAddress(InetAddress.getByName(address))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
