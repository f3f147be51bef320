package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that edits a channel or points it at a package (whether or not the package
 * changed: a promotion that changes it is announced as {@link ChannelPromoted} too).
 *
 * @param promotion whether only its package was set (a promotion), rather than an edit of the channel
 */
public record ChannelUpdated(UUID applicationId, UUID channelId, Map<String, Object> before, Map<String, Object> after,
        boolean promotion, String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn(promotion ? "channel.promote" : "channel.update", "channel", channelId,
                before, after);
    }
}
