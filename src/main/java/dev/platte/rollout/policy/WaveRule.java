package dev.platte.rollout.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * When a wave may start rolling out a version: its previous wave's rollout of that version has reached the
 * wave's completion share of its active nodes, is not paused (by a person, its canary, auto-halt, a gate or
 * an alert), has no breached gate, and has stayed so for the soak time. Pure: the caller supplies what it
 * read and the time the previous wave was first seen ready, and stores what comes back.
 */
public final class WaveRule {

    private WaveRule() {}

    /** The wave's settings: the share of the previous wave's active nodes that must run the version, and the soak. */
    public record Settings(int completionPercent, Duration soak) {}

    /**
     * The previous wave as read now.
     *
     * @param targetVersion the version its current rollout brings ({@code null}: none)
     * @param activeNodes its nodes that checked in recently
     * @param nodesOnTarget those of them that run {@code targetVersion}
     */
    public record PreviousWave(String name, String targetVersion, int activeNodes, int nodesOnTarget, boolean paused,
            boolean gateBreached) {

        /** Whole percent of active nodes on the target, rounded down; a wave without active nodes counts as done. */
        public int percentOnTarget() {
            return activeNodes == 0 ? 100 : (int) (100L * nodesOnTarget / activeNodes);
        }
    }

    /** What keeps a wave closed. */
    public enum Missing {
        /** The previous wave does not roll out this version. */
        NOT_ROLLING_OUT,
        PAUSED,
        GATE_BREACHED,
        /** Too few of its active nodes run the version yet. */
        SHARE,
        /** The share is reached; the soak time has not passed. */
        SOAK
    }

    /**
     * @param readySince when the previous wave was first seen ready for this version with nothing missing but
     *     the soak ({@code null}: not ready); keep it while the wave waits, clear it when null
     * @param soakLeft with {@link Missing#SOAK}, how long until the wave opens
     */
    public record Verdict(boolean open, Missing missing, Instant readySince, Duration soakLeft) {}

    /**
     * @param readySince as last stored for this version, or {@code null}
     */
    public static Verdict evaluate(Settings settings, String version, PreviousWave previous, Instant readySince,
            Instant now) {
        if (version == null || !version.equals(previous.targetVersion())) {
            return closed(Missing.NOT_ROLLING_OUT);
        }
        if (previous.paused()) {
            return closed(Missing.PAUSED);
        }
        if (previous.gateBreached()) {
            return closed(Missing.GATE_BREACHED);
        }
        if (previous.percentOnTarget() < settings.completionPercent()) {
            return closed(Missing.SHARE);
        }
        var since = readySince == null || readySince.isAfter(now) ? now : readySince;
        var left = Duration.between(now, since.plus(settings.soak()));
        if (left.isPositive()) {
            return new Verdict(false, Missing.SOAK, since, left);
        }
        return new Verdict(true, null, since, Duration.ZERO);
    }

    private static Verdict closed(Missing missing) {
        return new Verdict(false, missing, null, null);
    }
}
