package dev.platte.rollout;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import java.time.Instant;
import java.util.UUID;

/** Published, inside the transaction that saw it, when a group's safe-mode canary runs the target: the rest may follow. */
public record CanarySucceeded(UUID applicationId, UUID groupId, String groupName, String machineId, String version,
        Instant at) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return Activity.Entry.forNode(ActivityKind.CANARY_SUCCEEDED, Severity.SUCCESS, applicationId, groupId, machineId,
                version, "Canary %s updated to %s: the rest of group %s may follow".formatted(machineId, version,
                        groupName));
    }
}
