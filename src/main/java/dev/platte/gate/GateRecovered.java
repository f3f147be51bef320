package dev.platte.gate;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction that records a breached gate's first evaluation without a breach.
 *
 * @param value the evaluation's largest sample ({@code null} when there was none)
 */
public record GateRecovered(UUID applicationId, UUID groupId, String groupName, UUID gateId, String gateName,
        Instant at, Double value) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return Activity.Entry.forGroup(ActivityKind.GATE_RECOVERED, Severity.SUCCESS, applicationId, groupId, null,
                GateEvaluator.actor(gateName), "Gate %s of group %s recovered: %s".formatted(gateName, groupName,
                        GateEvaluator.valueText(value)));
    }
}
