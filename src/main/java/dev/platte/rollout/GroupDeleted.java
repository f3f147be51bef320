package dev.platte.rollout;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that deletes a group. */
public record GroupDeleted(UUID applicationId, UUID groupId, String name, Map<String, Object> snapshot, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("group.delete", "group", groupId, snapshot, null);
    }
}
