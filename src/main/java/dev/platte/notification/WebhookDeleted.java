package dev.platte.notification;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/** Published in the transaction that deletes a webhook. */
public record WebhookDeleted(UUID webhookId, String name, Map<String, Object> snapshot, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("webhook.delete", "webhook", webhookId, snapshot, null);
    }
}
