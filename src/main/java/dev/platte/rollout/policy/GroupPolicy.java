package dev.platte.rollout.policy;

import java.time.Duration;
import java.util.List;

/**
 * A group's rollout policy as the decision sees it. Limits that are {@code null} are unlimited; a
 * {@code null} ramp or auto-halt is not used; no windows means any time. {@code holdMissingExtension}
 * holds nodes whose OEM extension the target lacks (see {@link OemExtensions}). {@code gateUnknown}: a health
 * gate of the group cannot be evaluated and is configured to hold new grants meanwhile. {@code wave}: the group
 * follows another as a wave ({@code null}: it does not).
 */
public record GroupPolicy(
        boolean updatesEnabled,
        boolean paused,
        boolean safeMode,
        Integer maxUpdatesPerPeriod,
        Duration updatePeriod,
        Integer maxConcurrentUpdates,
        Duration updateTimeout,
        List<MaintenanceWindow> windows,
        Ramp ramp,
        AutoHalt autoHalt,
        boolean holdMissingExtension,
        boolean gateUnknown,
        WaveGate wave) {

    public GroupPolicy {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    /** A group that is no wave. */
    public GroupPolicy(boolean updatesEnabled, boolean paused, boolean safeMode, Integer maxUpdatesPerPeriod,
            Duration updatePeriod, Integer maxConcurrentUpdates, Duration updateTimeout, List<MaintenanceWindow> windows,
            Ramp ramp, AutoHalt autoHalt, boolean holdMissingExtension, boolean gateUnknown) {
        this(updatesEnabled, paused, safeMode, maxUpdatesPerPeriod, updatePeriod, maxConcurrentUpdates, updateTimeout,
                windows, ramp, autoHalt, holdMissingExtension, gateUnknown, null);
    }

    /** With the missing-extension guard on, its default, and every health gate known. */
    public GroupPolicy(boolean updatesEnabled, boolean paused, boolean safeMode, Integer maxUpdatesPerPeriod,
            Duration updatePeriod, Integer maxConcurrentUpdates, Duration updateTimeout, List<MaintenanceWindow> windows,
            Ramp ramp, AutoHalt autoHalt) {
        this(updatesEnabled, paused, safeMode, maxUpdatesPerPeriod, updatePeriod, maxConcurrentUpdates, updateTimeout,
                windows, ramp, autoHalt, true, false);
    }

    /** A policy that grants everything at once. */
    public static GroupPolicy unrestricted() {
        return new GroupPolicy(true, false, false, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(),
                null, null);
    }
}
