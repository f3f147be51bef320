package dev.platte.activity;

import java.util.Locale;

/** What happened; stored by its lower-case name. */
public enum ActivityKind {
    ROLLOUT_STARTED,
    ROLLOUT_COMPLETED,
    CANARY_SUCCEEDED,
    GROUP_PAUSED,
    GROUP_RESUMED,
    INSTANCE_FAILED,
    INSTANCE_TIMED_OUT,
    PACKAGE_REVOKED,
    CHANNEL_PROMOTED,
    /** An admin rolled a channel back to an older package: its nodes on newer versions go back to it. */
    CHANNEL_ROLLED_BACK,
    SYNC_CHANGED,
    SYNC_FAILED,
    /** A channel now serves a package that lacks OEM extensions some of its nodes need. */
    EXTENSIONS_MISSING,
    REBOOT_LOCK_EXPIRED,
    CONFIG_APPLIED,
    CONFIG_FAILED,
    GATE_BREACHED,
    GATE_RECOVERED,
    GATE_UNKNOWN,
    WAVE_STARTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActivityKind fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
