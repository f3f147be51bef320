package dev.platte.rollout.policy;

/** Why a node that could update was told to wait. Every hold is answered {@code noupdate}. */
public enum HoldReason {
    UPDATES_DISABLED,
    PAUSED,
    GATE_UNKNOWN,
    /** The group is a wave whose previous wave has not yet rolled out this version far enough, or soaked. */
    WAITING_FOR_WAVE,
    OUTSIDE_WINDOW,
    NOT_IN_RAMP,
    AWAITING_CANARY,
    PERIOD_LIMIT,
    CONCURRENCY_LIMIT,
    /** The target ships OEM extensions, but not the node's: its update would fail after the download. */
    MISSING_EXTENSION
}
