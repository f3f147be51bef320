package dev.platte.gate;

import java.util.Locale;

/** What an unknown gate does to its group: hold new grants ({@code gate_unknown}) or nothing. */
public enum UnknownBehaviour {
    HOLD,
    IGNORE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
