package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that deletes a package, on its own or with its application. Whatever is
 * kept for the package outside the database (hosted files) goes once that transaction commits.
 *
 * @param snapshot what the package looked like; {@code null} when it went with its application (whose deletion
 *        the audit trail records)
 */
public record PackageDeleted(UUID applicationId, UUID packageId, Map<String, Object> snapshot, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return snapshot == null ? null
                : AuditTrail.Change.bySignedIn("package.delete", "package", packageId, snapshot, null);
    }
}
