package dev.platte.gate;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that adds a health gate to a group. */
public record GateCreated(UUID groupId, UUID gateId, String name, Map<String, Object> snapshot, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("gate.create", "gate", gateId, null, snapshot);
    }
}
