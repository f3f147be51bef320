package dev.platte.fleetlock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A reboot group as the API and the dashboard show it.
 *
 * @param tiedGroups the Platte groups whose pause (and, with {@code windowsOnly}, maintenance windows) it follows
 * @param configured whether an admin configured it (otherwise a client created it by naming it)
 */
public record RebootGroupView(String name, int slots, int inUse, String tie, List<TiedGroup> tiedGroups,
        Duration maxHold, boolean windowsOnly, boolean configured, Instant createdAt, Instant lastUsedAt,
        List<Holder> holders, List<RefusalEntry> recentRefusals) {

    /** A Platte group the reboot group follows, and whether it lets nodes reboot now. */
    public record TiedGroup(UUID applicationId, UUID groupId, String name, String track, boolean paused,
            String pausedReason) {}

    /**
     * One holder of a slot.
     *
     * @param knownInstance whether its id is the machine id of an instance Platte knows
     * @param expiresAt when the maximum hold time releases it, if the group has one
     */
    public record Holder(String id, Instant since, boolean knownInstance, Instant expiresAt) {}

    /** A recent refusal of {@code pre-reboot}. */
    public record RefusalEntry(String holderId, String kind, String message, Instant at) {}
}
