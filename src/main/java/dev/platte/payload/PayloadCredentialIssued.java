package dev.platte.payload;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that issues a download credential for an application's payloads (its secret is never
 * part of it).
 */
public record PayloadCredentialIssued(UUID applicationId, UUID credentialId, String name, Map<String, Object> snapshot,
        String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("payload-credential.create", "payload-credential", credentialId,
                null, snapshot);
    }
}
