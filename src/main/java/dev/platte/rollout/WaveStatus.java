package dev.platte.rollout;

import dev.platte.rollout.policy.WaveRule;
import java.time.Duration;

/**
 * Where a wave stands for the version its channel serves: open, or waiting and for what.
 *
 * @param previous the group it follows
 * @param version the version its channel serves ({@code null}: none)
 * @param missing what keeps it closed ({@code null} when open)
 * @param percentOnTarget the share of the previous wave's active nodes on {@code version}
 * @param soakLeft with {@link WaveRule.Missing#SOAK}, the time left
 */
public record WaveStatus(UpdateGroup previous, String version, boolean open, WaveRule.Missing missing,
        int percentOnTarget, int completionPercent, Duration soak, Duration soakLeft) {

    /** The state in one word, as API and pages show it. */
    public String state() {
        return open ? "open" : version == null ? "idle" : "waiting";
    }

    /** What the page says: which wave and what is missing. */
    public String description() {
        var wave = "wave " + previous.name();
        if (version == null) {
            return "Follows " + wave + "; its channel serves no package yet";
        }
        if (open) {
            return "Rolling out " + version + " after " + wave;
        }
        return "Waiting for " + wave + " to finish " + version + ": " + switch (missing) {
            case NOT_ROLLING_OUT -> previous.name() + " is not rolling out " + version;
            case PAUSED -> previous.name() + " is paused (" + previous.pausedReason() + ")";
            case GATE_BREACHED -> "a health gate of " + previous.name() + " is breached";
            case SHARE -> "%d%% of its active nodes run %s, %d%% needed".formatted(percentOnTarget, version,
                    completionPercent);
            case SOAK -> "share reached (%d%% of %d%%), soak time left %s".formatted(percentOnTarget,
                    completionPercent, human(soakLeft));
        };
    }

    static String human(Duration duration) {
        var seconds = Math.max(0, duration.toSeconds());
        if (seconds >= 3600) {
            return "%dh %02dm".formatted(seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return "%dm %02ds".formatted(seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }
}
