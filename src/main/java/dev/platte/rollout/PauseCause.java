package dev.platte.rollout;

/** Who or what paused a group. */
public enum PauseCause {
    /** An admin, through the API or a page. */
    PERSON,
    /** The group's safe-mode canary failed or timed out. */
    CANARY,
    /** Failures of the rollout reached the group's auto-halt threshold. */
    AUTO_HALT,
    /** One of the group's health gates breached. */
    GATE,
    /** A firing Alertmanager alert matched the group. */
    ALERT
}
