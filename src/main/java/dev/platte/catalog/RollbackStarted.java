package dev.platte.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * Published in the transaction that rolls a channel back to an older package.
 *
 * @param revoked whether the version it served was revoked in the same action ("revoke and roll back")
 */
public record RollbackStarted(UUID applicationId, UUID channelId, String channelName, Arch arch, UUID fromPackageId,
        String fromVersion, UUID toPackageId, String toVersion, String reason, boolean revoked, String actor,
        Instant at) {}
