package dev.platte.omaha.protocol;

import java.util.List;

/**
 * An Omaha v3 {@code <response>}. update_engine uses the first {@code <app>} only, so the requested
 * app must come first; in practice there is one app per request app, in request order.
 *
 * @param server                 {@code response/@server}
 * @param dayStartElapsedSeconds {@code daystart/@elapsed_seconds} (ignored by update_engine)
 * @param apps                   the apps to answer, in order
 */
public record OmahaResponse(String server, long dayStartElapsedSeconds, List<AppResponse> apps) {

    public OmahaResponse {
        if (server == null) {
            throw new IllegalArgumentException("server must not be null");
        }
        if (dayStartElapsedSeconds < 0) {
            throw new IllegalArgumentException("dayStartElapsedSeconds must not be negative");
        }
        if (apps == null) {
            throw new IllegalArgumentException("apps must not be null");
        }
        apps = List.copyOf(apps);
    }
}
