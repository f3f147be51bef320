package dev.platte.rollout.policy;

import java.time.Instant;

/**
 * The rollout decision as a pure function: no clock, no database, only its arguments. Cheap rules come
 * first, so a node that is held anyway never needs the group's counters.
 */
public final class RolloutPolicies {

    private RolloutPolicies() {}

    /**
     * Whether a node is behind its target and so a candidate for it: a newer target always; a rollback
     * target (an admin rolled the channel back to it) also when the node runs a newer version, which it is
     * offered as a downgrade. An ordinary target never downgrades anyone.
     *
     * @param targetComparedToNode the sign of comparing the target's version to the node's
     */
    public static boolean offers(int targetComparedToNode, boolean rollback) {
        return targetComparedToNode > 0 || (rollback && targetComparedToNode != 0);
    }

    /** As {@link #admit(GroupPolicy, String, String, OemExtensions, String, Instant, Instant)} for a node without an OEM. */
    public static RolloutDecision admit(GroupPolicy policy, String machineId, String targetVersion,
            Instant rolloutStart, Instant now) {
        return admit(policy, machineId, null, OemExtensions.NONE, targetVersion, rolloutStart, now);
    }

    /**
     * The rules that need no counters: a {@code Hold} here is final, a {@code Grant} still needs {@link #decide}.
     *
     * @param oem the node's OEM as it reports it ({@code null} or blank: none)
     * @param extensions the OEM extensions the target ships
     */
    public static RolloutDecision admit(GroupPolicy policy, String machineId, String oem, OemExtensions extensions,
            String targetVersion, Instant rolloutStart, Instant now) {
        if (!policy.updatesEnabled()) {
            return RolloutDecision.hold(HoldReason.UPDATES_DISABLED);
        }
        if (policy.paused()) {
            return RolloutDecision.hold(HoldReason.PAUSED);
        }
        if (policy.gateUnknown()) {
            return RolloutDecision.hold(HoldReason.GATE_UNKNOWN);
        }
        if (policy.wave() != null && policy.wave().holds(targetVersion)) {
            return RolloutDecision.hold(HoldReason.WAITING_FOR_WAVE);
        }
        // Before windows and ramp: whenever its turn comes, this node could not finish this target.
        if (policy.holdMissingExtension() && extensions.missingFor(oem)) {
            return RolloutDecision.hold(HoldReason.MISSING_EXTENSION);
        }
        if (!MaintenanceWindow.allows(policy.windows(), now)) {
            return RolloutDecision.hold(HoldReason.OUTSIDE_WINDOW);
        }
        if (policy.ramp() != null && !policy.ramp().admits(machineId, targetVersion, rolloutStart, now)) {
            return RolloutDecision.hold(HoldReason.NOT_IN_RAMP);
        }
        return RolloutDecision.grant();
    }

    /** The decision for a node without an OEM that may become the canary. */
    public static RolloutDecision decide(GroupPolicy policy, RolloutProgress progress, String machineId,
            String targetVersion, Instant now) {
        return decide(policy, progress, machineId, null, OemExtensions.NONE, targetVersion, now, true);
    }

    /**
     * @param oem the OEM the node reports, checked against the target's extensions ({@link OemExtensions})
     * @param canaryCandidate whether {@link CanaryRule} lets this node become the canary; one that may not
     *     waits for the canary like every other node
     */
    public static RolloutDecision decide(GroupPolicy policy, RolloutProgress progress, String machineId, String oem,
            OemExtensions extensions, String targetVersion, Instant now, boolean canaryCandidate) {
        var admitted = admit(policy, machineId, oem, extensions, targetVersion, progress.startedAt(), now);
        if (admitted instanceof RolloutDecision.Hold) {
            return admitted;
        }
        boolean canary = false;
        if (policy.safeMode()) {
            switch (progress.canary()) {
                case NONE -> {
                    if (!canaryCandidate) {
                        return RolloutDecision.hold(HoldReason.AWAITING_CANARY);
                    }
                    canary = true;
                }
                case PENDING -> {
                    if (!machineId.equals(progress.canaryMachineId())) {
                        return RolloutDecision.hold(HoldReason.AWAITING_CANARY);
                    }
                    canary = true;
                }
                // A failed canary pauses the group; until an admin resumes it, hold here as well.
                case FAILED -> {
                    return RolloutDecision.hold(HoldReason.PAUSED);
                }
                case SUCCEEDED -> canary = false;
            }
        }
        if (policy.maxUpdatesPerPeriod() != null && progress.grantsInPeriod() >= policy.maxUpdatesPerPeriod()) {
            return RolloutDecision.hold(HoldReason.PERIOD_LIMIT);
        }
        if (policy.maxConcurrentUpdates() != null && progress.inProgress() >= policy.maxConcurrentUpdates()) {
            return RolloutDecision.hold(HoldReason.CONCURRENCY_LIMIT);
        }
        return new RolloutDecision.Grant(canary);
    }
}
