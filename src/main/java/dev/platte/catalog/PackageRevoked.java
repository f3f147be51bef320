package dev.platte.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * Published in the transaction that revokes a version.
 *
 * @param channelId the one channel it is revoked from, or {@code null} for every channel of the application
 */
public record PackageRevoked(UUID applicationId, UUID packageId, String version, Arch arch, UUID channelId,
        String channelName, String reason, String actor, Instant at) {}
