package dev.platte.fleetlock;

import java.time.Duration;
import java.util.UUID;

/**
 * What an admin configures of a reboot group; {@code null} takes the default.
 *
 * @param slots how many holders at once (default {@code platte.fleetlock.default-slots})
 * @param tie {@code track} (default), {@code group} or {@code none}
 * @param tiedGroupId the Platte group, when {@code tie} is {@code group}
 * @param maxHold a holder is released by itself after this long (default: never)
 * @param windowsOnly reboots only inside the tied groups' maintenance windows (default false)
 */
public record RebootGroupSettings(Integer slots, Tie tie, UUID tiedGroupId, Duration maxHold, Boolean windowsOnly) {}
