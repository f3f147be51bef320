package dev.platte.sync;

import java.time.Instant;

/**
 * Raised by a {@link SyncState} when an upstream channel syncs again after failing.
 *
 * @param application the application as the configuration names it (product id or UUID)
 * @param lastSuccessAt the last good sync before the outage ({@code null} if none)
 * @param lastError the outage's last error
 */
public record SyncRecovered(String upstream, String channel, String arch, String application, String version,
        String lastError, Instant lastSuccessAt, Instant at) {}
