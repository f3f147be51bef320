package dev.platte.fleetlock;

import dev.platte.audit.AuditTrail;
import dev.platte.audit.AuditedChange;
import java.util.Map;

/**
 * Published in the transaction that configures a reboot group (its slots, its tie, its maximum hold).
 *
 * @param before the group as it was ({@code null} when it did not exist)
 */
public record RebootGroupConfigured(String name, Map<String, Object> before, Map<String, Object> after, String actor)
        implements AuditedChange {

    @Override
    public AuditTrail.Change auditEntry() {
        return AuditTrail.Change.bySignedIn("reboot-group.configure", "reboot-group", name, before, after);
    }
}
