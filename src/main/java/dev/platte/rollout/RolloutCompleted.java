package dev.platte.rollout;

import java.time.Instant;
import java.util.UUID;

/** Published, inside the transaction that saw it, when every active node of a group runs its target. */
public record RolloutCompleted(UUID applicationId, UUID groupId, String groupName, String version,
        Instant startedAt, Instant completedAt, int attempts, int failures) {}
