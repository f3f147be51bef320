package dev.platte.omaha;

import dev.platte.catalog.UpdatePackage;
import dev.platte.catalog.UpdatePath;
import dev.platte.rollout.policy.HoldReason;

/** What Platte concluded for one {@code <app>} of a request; {@link OmahaAnswers} turns it into XML. */
sealed interface AppOutcome {

    /** The app id is missing or malformed. */
    record InvalidAppId() implements AppOutcome {}

    /** No application has that id or product id. */
    record UnknownApplication() implements AppOutcome {}

    /** The machine id is empty, too long, or otherwise unusable as an identity. */
    record InvalidMachineId() implements AppOutcome {}

    /** The reported version is empty or not a semantic version. */
    record InvalidVersion() implements AppOutcome {}

    /** Ping or events only: everything acknowledged, no update check asked for. */
    record Acknowledged() implements AppOutcome {}

    /**
     * The node should install this package (a fresh grant, or the same grant served again).
     *
     * @param pollInterval the node's group's poll interval in seconds, {@code null} for the default
     */
    record UpdateAvailable(UpdatePackage pkg, Integer pollInterval) implements AppOutcome {}

    /** A syncer (a downstream server) gets every step to the target at once, floors first. */
    record UpdatePathAvailable(UpdatePath path, Integer pollInterval) implements AppOutcome {}

    /** Nothing to install now; the node asks again at its next poll. */
    record NoUpdate(NoUpdateReason reason, HoldReason holdReason, Integer pollInterval) implements AppOutcome {

        NoUpdate(NoUpdateReason reason) {
            this(reason, null, null);
        }
    }

    enum NoUpdateReason {
        UP_TO_DATE,
        NO_GROUP,
        NO_PACKAGE,
        HELD,
        /** The node's granted version was revoked before it started downloading. */
        REVOKED,
        /** A syncer that cannot take several manifests while the channel has floors it must not skip. */
        FLOORS_NEED_MULTI_MANIFEST
    }
}
