package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that removes a floor from a channel. */
public record ChannelFloorRemoved(UUID applicationId, UUID channelId, UUID packageId, String reason, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("channel.floor.remove", "channel", channelId,
                Map.of("packageId", packageId, "reason", reason), null);
    }
}
