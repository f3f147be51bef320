package dev.platte.admin.account;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;

/** Published in the transaction that deletes a user. */
public record UserDeleted(String username, Map<String, Object> snapshot, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("user.delete", "user", username, snapshot, null);
    }
}
