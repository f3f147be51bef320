package dev.platte.gate;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction that records the breach (and pauses the group, unless it was paused
 * already): {@code value} is the largest sample, {@code since} the first breaching evaluation.
 *
 * @param reason the breach in a sentence, as the group's pause gives it
 */
public record GateBreached(UUID applicationId, UUID groupId, String groupName, UUID gateId, String gateName,
        String query, Double value, Instant since, boolean pausedGroup, Instant at, String reason) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return Activity.Entry.forGroup(ActivityKind.GATE_BREACHED, Severity.ERROR, applicationId, groupId, null,
                GateEvaluator.actor(gateName), pausedGroup ? reason
                        : reason + " (group %s was already paused)".formatted(groupName));
    }
}
