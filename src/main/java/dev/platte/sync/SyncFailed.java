package dev.platte.sync;

import java.time.Instant;

/**
 * Raised by a {@link SyncState} when an upstream channel that synced fine (or never synced) fails: once
 * per outage, not on every failed attempt.
 *
 * @param application the application as the configuration names it (product id or UUID)
 * @param lastSuccessAt the last good sync before this outage ({@code null} if none)
 */
public record SyncFailed(String upstream, String channel, String arch, String application, String error,
        Instant lastSuccessAt, Instant at) {}
