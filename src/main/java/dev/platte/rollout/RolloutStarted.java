package dev.platte.rollout;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import java.time.Instant;
import java.util.UUID;

/**
 * Raised by a group's rollout, inside the transaction that began it, when a group starts rolling out a new target.
 *
 * @param previousVersion the target of the group's previous rollout ({@code null} for its first)
 */
public record RolloutStarted(UUID applicationId, UUID groupId, String groupName, UUID channelId, UUID packageId,
        String version, String previousVersion, Instant at) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return new Activity.Entry(ActivityKind.ROLLOUT_STARTED, Severity.INFO, applicationId, groupId, channelId, null,
                version, null, "Rollout of %s started in group %s".formatted(version, groupName));
    }
}
