package dev.platte.rollout;

import java.util.UUID;

/** What an admin says about a group when creating or editing it. */
public record GroupSpec(
        String name, String description, String track, UUID channelId, UpdateGroup.PolicySettings policy) {}
