package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that adds a package to an application. */
public record PackageCreated(UUID applicationId, UUID packageId, String version, Arch arch,
        Map<String, Object> snapshot, String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("package.create", "package", packageId, null, snapshot);
    }
}
