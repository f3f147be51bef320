package dev.platte.admin.account;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that revokes an API token. */
public record TokenRevoked(UUID tokenId, String name, Map<String, Object> before, Map<String, Object> after,
        String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("token.revoke", "token", tokenId, before, after);
    }
}
