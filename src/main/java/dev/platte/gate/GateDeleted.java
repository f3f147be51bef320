package dev.platte.gate;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that removes a health gate from its group. */
public record GateDeleted(UUID groupId, UUID gateId, String name, Map<String, Object> snapshot, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("gate.delete", "gate", gateId, snapshot, null);
    }
}
