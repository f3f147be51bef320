package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that edits an application's name, description or product id. */
public record ApplicationUpdated(UUID applicationId, String name, Map<String, Object> before,
        Map<String, Object> after, String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("application.update", "application", applicationId, before, after);
    }
}
