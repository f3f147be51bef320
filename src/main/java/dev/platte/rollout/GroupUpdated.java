package dev.platte.rollout;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that edits a group: its name, track, channel or policy. */
public record GroupUpdated(UUID applicationId, UUID groupId, String name, Map<String, Object> before,
        Map<String, Object> after, String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("group.update", "group", groupId, before, after);
    }
}
