package dev.platte.catalog;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that revokes a version.
 *
 * @param channelId the one channel it is revoked from, or {@code null} for every channel of the application
 */
public record PackageRevoked(UUID applicationId, UUID packageId, String version, Arch arch, UUID channelId,
        String channelName, Arch channelArch, String reason, String actor, Instant at)
        implements AuditedChange, FeedEvent {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("package.revoke", "package", packageId, null,
                Map.of("version", version, "channelId", String.valueOf(channelId), "reason", reason));
    }

    @Override
    public Activity.Entry feedEntry() {
        var where = channelId == null ? "every channel" : "channel %s (%s)".formatted(channelName, channelArch.wireName());
        return Activity.Entry.forChannel(ActivityKind.PACKAGE_REVOKED, Severity.WARNING, applicationId, channelId,
                version, actor, "%s revoked from %s: %s".formatted(version, where, reason));
    }
}
