package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that creates a channel (after the {@link ChannelPromoted} of its package, if any). */
public record ChannelCreated(UUID applicationId, UUID channelId, String name, Arch arch, Map<String, Object> snapshot,
        String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("channel.create", "channel", channelId, null, snapshot);
    }
}
