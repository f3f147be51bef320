package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that deletes an application, with its packages, channels and groups; each of
 * its packages is announced as {@link PackageDeleted} too.
 */
public record ApplicationDeleted(UUID applicationId, String name, Map<String, Object> snapshot, List<UUID> packageIds,
        String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("application.delete", "application", applicationId, snapshot, null);
    }
}
