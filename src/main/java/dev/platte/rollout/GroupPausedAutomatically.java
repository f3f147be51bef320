package dev.platte.rollout;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that paused it, when a group pauses itself: its safe-mode canary
 * failed or it reached its auto-halt threshold.
 */
public record GroupPausedAutomatically(UUID applicationId, UUID groupId, String reason, Instant at) {}
