package dev.platte.admin.account;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that issues an API token (its secret is never part of it). */
public record TokenIssued(UUID tokenId, String name, Map<String, Object> snapshot, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("token.create", "token", tokenId, null, snapshot);
    }
}
