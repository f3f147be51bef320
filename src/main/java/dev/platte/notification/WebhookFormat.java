package dev.platte.notification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a delivery's body looks. */
public enum WebhookFormat {
    /** A CloudEvents-style JSON envelope: specversion, id, type, source, time, data. */
    CLOUDEVENTS,
    /** A Slack incoming-webhook message: {@code text} plus blocks (Mattermost and others accept it too). */
    SLACK;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static WebhookFormat fromWireName(String value) {
        for (var format : values()) {
            if (format.wireName().equalsIgnoreCase(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format: " + value);
    }
}
