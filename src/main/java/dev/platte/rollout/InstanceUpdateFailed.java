package dev.platte.rollout;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that recorded it, when a node of a group failed to update to the version it
 * was granted, or did not finish in time.
 *
 * @param what what went wrong, as a sentence's predicate ("failed to update to 1.2.3: …")
 */
public record InstanceUpdateFailed(UUID applicationId, UUID groupId, String machineId, String version,
        boolean timedOut, String what, Instant at) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return Activity.Entry.forNode(timedOut ? ActivityKind.INSTANCE_TIMED_OUT : ActivityKind.INSTANCE_FAILED,
                timedOut ? Severity.WARNING : Severity.ERROR, applicationId, groupId, machineId, version,
                "Instance %s %s".formatted(machineId, what));
    }
}
