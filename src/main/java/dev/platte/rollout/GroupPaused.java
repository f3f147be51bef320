package dev.platte.rollout;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that paused it, whenever a group pauses: by a person or by Platte
 * itself. The rollout's numbers are those of its current target ({@code null} when it has none).
 *
 * @param actor the admin's name, or {@code platte} for an automatic pause
 */
public record GroupPaused(UUID applicationId, UUID groupId, String groupName, PauseCause cause, String actor,
        String reason, String targetVersion, Integer attempts, Integer failures, Instant at) {}
