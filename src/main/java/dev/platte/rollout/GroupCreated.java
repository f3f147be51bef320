package dev.platte.rollout;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that creates a group. */
public record GroupCreated(UUID applicationId, UUID groupId, String name, Map<String, Object> snapshot, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("group.create", "group", groupId, null, snapshot);
    }
}
