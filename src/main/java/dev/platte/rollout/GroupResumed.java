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
 * Raised by a group, inside the transaction that resumed it, when an admin lets a paused group go on, or a
 * resolved alert resumes the group it paused ({@code actor} {@code alert:<name>}, {@code automatic}).
 *
 * @param before the group as it was, and {@code after} as it is now, for the audit trail
 */
public record GroupResumed(UUID applicationId, UUID groupId, String groupName, String actor, String reason,
        String pausedReason, Instant pausedAt, Instant at, boolean automatic, Map<String, Object> before,
        Map<String, Object> after) implements AuditedChange, FeedEvent {

    @Override
    public AuditTrail.Change auditEntry() {
        return new AuditTrail.Change(automatic ? actor : null, "group.resume", "group", groupId, before, after);
    }

    @Override
    public Activity.Entry feedEntry() {
        var why = reason == null || reason.isBlank() ? "" : ": " + reason;
        return Activity.Entry.forGroup(ActivityKind.GROUP_RESUMED, Severity.INFO, applicationId, groupId, null, actor,
                "Group %s resumed%s (was paused: %s)".formatted(groupName, why, pausedReason));
    }
}
