package dev.platte.payload;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that starts or stops asking for credentials to download an application's hosted
 * payloads.
 */
public record PayloadAccessChanged(UUID applicationId, boolean credentialsRequired, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("payload-access.update", "application", applicationId,
                Map.of("credentialsRequired", !credentialsRequired),
                Map.of("credentialsRequired", credentialsRequired));
    }
}
