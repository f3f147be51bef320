package dev.platte.activity;

import java.util.Locale;

public enum Severity {
    SUCCESS,
    INFO,
    WARNING,
    ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
