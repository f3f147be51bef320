package dev.platte.gate;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.UUID;

/** Published in the transaction that changes which Alertmanager alerts pause a group (and whether they resume it). */
public record AlertsConfigured(UUID applicationId, UUID groupId, String groupName, AlertReceiver.Settings before,
        AlertReceiver.Settings after, String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("group.alerts", "group", groupId, before, after);
    }
}
