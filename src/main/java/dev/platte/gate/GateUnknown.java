package dev.platte.gate;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction that records a gate's first evaluation without an answer from Prometheus.
 *
 * @param holds whether the gate now holds new updates of its group
 */
public record GateUnknown(UUID applicationId, UUID groupId, String groupName, UUID gateId, String gateName,
        boolean holds, String error, Instant at) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return Activity.Entry.forGroup(ActivityKind.GATE_UNKNOWN, Severity.WARNING, applicationId, groupId, null,
                GateEvaluator.actor(gateName), "Gate %s of group %s is unknown%s: %s".formatted(gateName, groupName,
                        holds ? " (new updates held)" : "", error));
    }
}
