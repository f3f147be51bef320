package dev.platte.admin.account;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;

/** Published in the transaction that changes a user's role or password (said, never shown). */
public record UserUpdated(String username, Map<String, Object> before, Map<String, Object> after, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("user.update", "user", username, before, after);
    }
}
