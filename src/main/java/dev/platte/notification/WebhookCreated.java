package dev.platte.notification;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that adds a webhook (its secret is never part of it). */
public record WebhookCreated(UUID webhookId, String name, Map<String, Object> snapshot, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("webhook.create", "webhook", webhookId, null, snapshot);
    }
}
