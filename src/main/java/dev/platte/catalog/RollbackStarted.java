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
 * Raised by a channel, in the transaction that rolls it back to an older package (followed by the
 * {@link ChannelPromoted} that starts the groups' rollouts of it).
 *
 * @param revoked whether the version it served was revoked in the same action ("revoke and roll back")
 * @param before the channel as it was, and {@code after} as it is now, for the audit trail
 */
public record RollbackStarted(UUID applicationId, UUID channelId, String channelName, Arch arch, UUID fromPackageId,
        String fromVersion, UUID toPackageId, String toVersion, String reason, boolean revoked, String actor,
        Instant at, Map<String, Object> before, Map<String, Object> after) implements AuditedChange, FeedEvent {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("channel.rollback", "channel", channelId, before, after);
    }

    @Override
    public Activity.Entry feedEntry() {
        return Activity.Entry.forChannel(ActivityKind.CHANNEL_ROLLED_BACK, Severity.WARNING, applicationId, channelId,
                toVersion, actor, "Channel %s (%s) rolled back from %s to %s%s: %s".formatted(channelName,
                        arch.wireName(), fromVersion, toVersion, revoked ? " (" + fromVersion + " revoked)" : "", reason));
    }
}
