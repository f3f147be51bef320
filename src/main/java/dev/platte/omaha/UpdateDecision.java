package dev.platte.omaha;

import dev.platte.common.Versions;
import dev.platte.fleet.InstanceAppState;
import dev.platte.fleet.InstanceStatus;
import dev.platte.fleet.KnownInstance;
import dev.platte.omaha.AppOutcome.NoUpdateReason;
import dev.platte.rollout.ServingSnapshot.Placement;
import dev.platte.rollout.ServingSnapshot.Target;
import dev.platte.rollout.policy.RolloutDecision;
import dev.platte.rollout.policy.RolloutPolicies;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one answer to "what does this node get", for the quick path (from a lock-free read) and the full
 * path (from the locked state) alike: over the node's placement in the serving snapshot and what is known of
 * the node. The quick path answers only a {@link Verdict} that changes nothing; the full path applies the
 * rest. A grant is never decided here: {@link Verdict.MayGrant} means "ask the rollout under its lock".
 */
final class UpdateDecision {

    private UpdateDecision() {}

    /** What is known of the node, from the quick path's read or the full path's locked state. */
    record Node(String version, InstanceStatus status, String holdReason, boolean updateInProgress,
            String lastGrantedVersion) {

        static Node of(KnownInstance known) {
            return new Node(known.version(), known.status(), known.holdReason(), known.updateInProgress(),
                    known.lastGrantedVersion());
        }

        static Node of(InstanceAppState state) {
            return new Node(state.version(), state.status(), state.holdReason(), state.updateInProgress(),
                    state.lastGrantedVersion());
        }

        /** The same node as if its grant were not pending (when the granted package is gone). */
        Node withoutGrant() {
            return new Node(version, status, holdReason, false, lastGrantedVersion);
        }

        boolean heldFor(String reason) {
            return status == InstanceStatus.ON_HOLD && Objects.equals(holdReason, reason);
        }
    }

    sealed interface Verdict {

        /** Decided: nothing to write beyond what the node reported. */
        record Answer(AppOutcome outcome) implements Verdict {}

        /** Granted {@code version} earlier and not installed yet: the same update again, not counted twice. */
        record ServeGrant(String version) implements Verdict {}

        /** The policy holds the node now; {@code already} when it is on hold for that reason (nothing to write). */
        record Hold(RolloutDecision.Hold hold, boolean already) implements Verdict {

            String reason() {
                return holdReason(hold);
            }
        }

        /** Behind its target and nothing holds it at a glance: the rollout decides, under its lock. */
        record MayGrant() implements Verdict {}
    }

    /**
     * @param placement the node's group with its target, or null when no group takes it
     * @param glance the policy's look without the lock at the node and this target
     */
    static Verdict decide(Placement placement, Node node, Function<Target, RolloutDecision> glance) {
        if (placement == null) {
            return new Verdict.Answer(new AppOutcome.NoUpdate(NoUpdateReason.NO_GROUP));
        }
        var pollInterval = placement.pollIntervalSeconds();
        var target = placement.target();
        if (target == null) {
            return new Verdict.Answer(new AppOutcome.NoUpdate(NoUpdateReason.NO_PACKAGE, null, pollInterval));
        }
        if (node.updateInProgress() && node.lastGrantedVersion() != null
                && awaitsGrant(node.lastGrantedVersion(), node.version(), target.version(), placement.rollback())) {
            return new Verdict.ServeGrant(node.lastGrantedVersion());
        }
        if (!behind(target.version(), node.version(), placement.rollback())) {
            return new Verdict.Answer(new AppOutcome.NoUpdate(NoUpdateReason.UP_TO_DATE, null, pollInterval));
        }
        if (glance.apply(target) instanceof RolloutDecision.Hold hold) {
            return new Verdict.Hold(hold, node.heldFor(holdReason(hold)));
        }
        return new Verdict.MayGrant();
    }

    /** The hold reason as the node's state stores it. */
    static String holdReason(RolloutDecision.Hold hold) {
        return hold.reason().name().toLowerCase(Locale.ROOT);
    }

    /** Whether a node on {@code version} is a candidate for {@code target} (a downgrade only under a rollback). */
    private static boolean behind(String target, String version, boolean rollback) {
        return RolloutPolicies.offers(Versions.compare(target, version), rollback);
    }

    /** Whether a granted update is still to be installed: a downgrade grant only while it is the rollback target. */
    private static boolean awaitsGrant(String granted, String version, String target, boolean rollback) {
        return behind(granted, version, rollback && granted.equals(target));
    }
}
