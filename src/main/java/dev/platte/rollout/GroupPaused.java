package dev.platte.rollout;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Raised by a group, inside the transaction that paused it, whenever it pauses: by a person or by Platte
 * itself. The rollout's numbers are those of its current target ({@code null} when it has none).
 *
 * @param actor the admin's name, the automaton's ({@code gate:<name>}, {@code alert:<name>}), or {@code platte}
 * @param before the group as it was, and {@code after} as it is now, for the audit trail
 */
public record GroupPaused(UUID applicationId, UUID groupId, String groupName, PauseCause cause, String actor,
        String reason, String targetVersion, Integer attempts, Integer failures, Instant at, Map<String, Object> before,
        Map<String, Object> after) implements AuditedChange, FeedEvent {

    /** A person's pause is on record as the signed-in user's, a gate's or an alert's as theirs; Platte's own is not. */
    @Override
    public AuditTrail.Change auditEntry() {
        return switch (cause) {
            case PERSON -> AuditTrail.Change.bySignedIn("group.pause", "group", groupId, before, after);
            case GATE, ALERT -> new AuditTrail.Change(actor, "group.pause", "group", groupId, before, after);
            case CANARY, AUTO_HALT -> null;
        };
    }

    @Override
    public Activity.Entry feedEntry() {
        return Activity.Entry.forGroup(ActivityKind.GROUP_PAUSED, cause == PauseCause.PERSON ? Severity.WARNING
                : Severity.ERROR, applicationId, groupId, null, actor, switch (cause) {
                    case CANARY, AUTO_HALT -> reason;
                    case PERSON, GATE, ALERT -> "Group %s paused: %s".formatted(groupName, reason);
                });
    }
}
