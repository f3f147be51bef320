package dev.platte.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Something that happened, as webhooks tell it, before it is put in any format.
 *
 * @param applicationId the application it concerns ({@code null}: none, e.g. a sync of an unknown one)
 * @param groupId the group it concerns ({@code null}: application-wide)
 * @param summary one line for people (Slack's text)
 * @param data the details, JSON-ready (strings, numbers, booleans, nulls, nested maps)
 */
public record Notification(UUID id, NotificationType type, Instant time, UUID applicationId, UUID groupId,
        String summary, Map<String, Object> data) {}
