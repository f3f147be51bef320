package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that creates an application; {@code snapshot} is what it looks like. */
public record ApplicationCreated(UUID applicationId, String name, String productId, Map<String, Object> snapshot,
        String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("application.create", "application", applicationId, null, snapshot);
    }
}
