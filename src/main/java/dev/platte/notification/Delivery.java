package dev.platte.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * One event for one webhook, as the delivery log shows it.
 *
 * @param id sent as {@code X-Platte-Delivery}, the same on every attempt: the receiver's idempotency key
 * @param nextAttemptAt when a pending delivery is tried next
 * @param lastError why the last attempt failed: Platte's words and a short excerpt of the answer
 */
public record Delivery(UUID id, UUID webhookId, UUID eventId, String eventType, DeliveryStatus status,
        int attempts, Instant createdAt, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatusCode,
        String lastError, Instant finishedAt) {}
