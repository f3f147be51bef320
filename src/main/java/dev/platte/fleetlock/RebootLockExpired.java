package dev.platte.fleetlock;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import dev.platte.audit.AuditTrail;
import java.util.UUID;

/**
 * Published in the transaction that releases a holder past its group's maximum hold time.
 *
 * @param applicationId the application of the one Platte group the reboot group is tied to, else {@code null}
 * @param machineId the holder, when it is a known instance
 * @param held how long it held the slot, and {@code maxHold} the group's maximum, in words
 */
public record RebootLockExpired(String group, String holderId, UUID applicationId, UUID groupId, String machineId,
        String held, String maxHold) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return new Activity.Entry(ActivityKind.REBOOT_LOCK_EXPIRED, Severity.WARNING, applicationId, groupId, null,
                machineId, null, AuditTrail.SYSTEM,
                "Reboot slot of %s in reboot group %s released after %s: it was held longer than the maximum of %s"
                        .formatted(holderId, group, held, maxHold));
    }
}
