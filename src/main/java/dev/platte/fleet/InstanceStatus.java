package dev.platte.fleet;

import java.util.Locale;

/** Where one instance's update of one application stands (Nebraska's statuses plus {@link #TIMED_OUT}). */
public enum InstanceStatus {
    UNDEFINED,
    GRANTED,
    DOWNLOADING,
    DOWNLOADED,
    INSTALLED,
    COMPLETE,
    ERROR,
    ON_HOLD,
    TIMED_OUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Statuses of a node that has started on the update it was granted (downloading or later). */
    public boolean begun() {
        return this == DOWNLOADING || this == DOWNLOADED || this == INSTALLED;
    }

    /** Statuses in which Platte waits for the node to finish an update it was granted. */
    public boolean inProgress() {
        return this == GRANTED || this == DOWNLOADING || this == DOWNLOADED || this == INSTALLED;
    }
}
