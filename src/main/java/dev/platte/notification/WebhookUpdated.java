package dev.platte.notification;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that changes a webhook: its settings, its secret (said, never shown) or where a
 * document takes the secret from.
 */
public record WebhookUpdated(UUID webhookId, String name, Map<String, Object> before, Map<String, Object> after,
        String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("webhook.update", "webhook", webhookId, before, after);
    }
}
