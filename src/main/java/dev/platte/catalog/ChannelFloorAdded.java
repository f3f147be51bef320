package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that makes a package mandatory for every node of a channel below it. */
public record ChannelFloorAdded(UUID applicationId, UUID channelId, UUID packageId, String version, String reason,
        String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("channel.floor.add", "channel", channelId, null,
                Map.of("packageId", packageId, "version", version, "reason", reason));
    }
}
