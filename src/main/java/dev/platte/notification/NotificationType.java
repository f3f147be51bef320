package dev.platte.notification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * What a webhook can be told about, by the name receivers see ({@code type} of the envelope,
 * {@code X-Platte-Event}). A new kind of event (gate breached, wave started, rollback started) is one
 * constant here plus one listener method in {@link DomainEventNotifications}.
 */
public enum NotificationType {
    ROLLOUT_STARTED("rollout.started", "Rollout started"),
    ROLLOUT_COMPLETED("rollout.completed", "Rollout completed"),
    GROUP_PAUSED("group.paused", "Group paused"),
    GROUP_RESUMED("group.resumed", "Group resumed"),
    GATE_BREACHED("gate.breached", "Gate breached"),
    GATE_RECOVERED("gate.recovered", "Gate recovered"),
    WAVE_STARTED("wave.started", "Wave started"),
    PACKAGE_REVOKED("package.revoked", "Package revoked"),
    ROLLBACK_STARTED("rollback.started", "Rollback started"),
    SYNC_FAILED("sync.failed", "Sync failed"),
    SYNC_RECOVERED("sync.recovered", "Sync recovered"),
    /** Sent on request to one webhook only; nobody subscribes to it. */
    WEBHOOK_TEST("webhook.test", "Test event");

    private final String wireName;
    private final String title;

    NotificationType(String wireName, String title) {
        this.wireName = wireName;
        this.title = title;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public String title() {
        return title;
    }

    /** The types a webhook may subscribe to. */
    public static List<NotificationType> subscribable() {
        return Arrays.stream(values()).filter(type -> type != WEBHOOK_TEST).toList();
    }

    @JsonCreator
    public static NotificationType fromWireName(String value) {
        for (var type : values()) {
            if (type.wireName.equals(value) || type.name().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type: " + value);
    }
}
