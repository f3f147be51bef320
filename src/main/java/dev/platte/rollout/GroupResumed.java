package dev.platte.rollout;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that resumed it, when an admin lets a paused group go on, or a resolved
 * alert resumes the group it paused ({@code actor} {@code alert:<name>}).
 */
public record GroupResumed(UUID applicationId, UUID groupId, String groupName, String actor, String reason,
        String pausedReason, Instant pausedAt, Instant at) {}
