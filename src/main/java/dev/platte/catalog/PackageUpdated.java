package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that changes a package: an admin's edit, or one of its files now hosted here.
 *
 * @param hostedFile the file now hosted here, whose size and digests replaced the ones on record; {@code null}
 *        for an edit
 */
public record PackageUpdated(UUID applicationId, UUID packageId, String version, Map<String, Object> before,
        Map<String, Object> after, String hostedFile, String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn(hostedFile == null ? "package.update" : "package.file", "package",
                packageId, before, after);
    }
}
