package dev.platte.fleetlock;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.time.Instant;
import java.util.LinkedHashMap;

/** Published in the transaction in which an admin frees the slot of a holder that will not give it back. */
public record RebootLockReleased(String group, String holderId, Instant since, String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        var before = new LinkedHashMap<String, Object>();
        before.put("group", group);
        before.put("holder", holderId);
        before.put("since", since);
        return AuditTrail.Change.bySignedIn("reboot-lock.release", "reboot-group", group, before, null);
    }
}
