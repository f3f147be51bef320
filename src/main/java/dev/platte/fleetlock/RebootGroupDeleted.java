package dev.platte.fleetlock;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;

/** Published in the transaction that deletes a reboot group with its holders ({@code snapshot} names them). */
public record RebootGroupDeleted(String name, Map<String, Object> snapshot, String actor) implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("reboot-group.delete", "reboot-group", name, snapshot, null);
    }
}
