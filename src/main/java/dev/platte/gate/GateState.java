package dev.platte.gate;

import java.util.Locale;

/** Where a gate stands; stored and shown by its lower-case name. */
public enum GateState {
    /** Not evaluated yet. */
    PENDING,
    /** The group has no rollout in progress or in its soak: the gate is not evaluated. */
    IDLE,
    OK,
    BREACHED,
    /** Prometheus could not be reached or answered an error. */
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GateState fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
