package dev.platte.rollout;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that began it, when a group starts rolling out a new target.
 *
 * @param previousVersion the target of the group's previous rollout ({@code null} for its first)
 */
public record RolloutStarted(UUID applicationId, UUID groupId, String groupName, UUID channelId, UUID packageId,
        String version, String previousVersion, Instant at) {}
