package dev.platte.payload;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that revokes a download credential. */
public record PayloadCredentialRevoked(UUID applicationId, UUID credentialId, String name, Map<String, Object> before,
        Map<String, Object> after, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("payload-credential.revoke", "payload-credential", credentialId,
                before, after);
    }
}
