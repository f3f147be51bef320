package dev.platte.rollout.policy;

/**
 * What the decision knows of a group that is a wave following another group: the version its wave has
 * opened for ({@code null}: none yet). Any other target waits ({@link HoldReason#WAITING_FOR_WAVE}). Whether
 * a wave opens is decided by {@link WaveRule}, once, and stored; this only reads the outcome.
 */
public record WaveGate(String openVersion) {

    public boolean holds(String targetVersion) {
        return targetVersion == null || !targetVersion.equals(openVersion);
    }
}
