package dev.platte.gate;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that changes a health gate's query, threshold or timing. */
public record GateUpdated(UUID groupId, UUID gateId, String name, Map<String, Object> before, Map<String, Object> after,
        String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("gate.update", "gate", gateId, before, after);
    }
}
