package dev.platte.rollout;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import java.time.Instant;
import java.util.UUID;

/** Raised by a group's rollout, inside the transaction that saw it, when every active node of a group runs its target. */
public record RolloutCompleted(UUID applicationId, UUID groupId, String groupName, String version,
        Instant startedAt, Instant completedAt, int attempts, int failures) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return Activity.Entry.forGroup(ActivityKind.ROLLOUT_COMPLETED, Severity.SUCCESS, applicationId, groupId, version,
                null, "Every active instance of group %s runs %s".formatted(groupName, version));
    }
}
