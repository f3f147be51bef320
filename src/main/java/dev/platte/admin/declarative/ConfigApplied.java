package dev.platte.admin.declarative;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that applied a configuration document and changed something: one change set,
 * with the state it started from, the counts and every change.
 *
 * @param applicationId the one application the document named, or {@code null}
 */
record ConfigApplied(UUID changeSet, String fromState, boolean prune, Map<String, Long> summary,
        List<ConfigDiff.Change> changes, UUID applicationId, String actor) implements AuditedChange, FeedEvent {

    @Override
    public AuditTrail.Change auditEntry() {
        var record = new LinkedHashMap<String, Object>();
        record.put("prune", prune);
        record.put("summary", summary);
        record.put("changes", changes);
        return AuditTrail.Change.bySignedIn("config.apply", "config", changeSet, Map.of("state", fromState), record);
    }

    @Override
    public Activity.Entry feedEntry() {
        return new Activity.Entry(ActivityKind.CONFIG_APPLIED, Severity.INFO, applicationId, null, null, null, null,
                actor, "Configuration applied: %d created, %d updated, %d deleted (change set %s)".formatted(
                        summary.get("create"), summary.get("update"), summary.get("delete"), changeSet));
    }
}
