package dev.platte.notification;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a delivery stands. */
public enum DeliveryStatus {
    /** Not delivered yet: due at its next attempt. */
    PENDING,
    /** A receiver answered 2xx. */
    DELIVERED,
    /** Platte gave up after retrying for {@code platte.notifications.retry-for}. */
    FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DeliveryStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
