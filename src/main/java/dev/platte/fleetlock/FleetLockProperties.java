package dev.platte.fleetlock;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The FleetLock server ({@code /fleetlock/}).
 *
 * @param defaultSlots how many nodes of a reboot group no admin configured may reboot at once
 * @param maxAnonymousGroups how many reboot groups clients may create by naming them (FleetLock clients are
 *     anonymous, so this bounds what they can make Platte store); groups an admin configured do not count
 * @param idleGroupRetention a reboot group no admin configured, nobody holds and nobody asked for this long
 *     is deleted
 */
@ConfigurationProperties("platte.fleetlock")
public record FleetLockProperties(
        @DefaultValue("1") int defaultSlots,
        @DefaultValue("1000") int maxAnonymousGroups,
        @DefaultValue("30d") Duration idleGroupRetention) {

    public FleetLockProperties {
        if (defaultSlots < 1 || defaultSlots > RebootGroups.MAX_SLOTS) {
            throw new IllegalArgumentException("platte.fleetlock.default-slots must be between 1 and " + RebootGroups.MAX_SLOTS);
        }
        if (maxAnonymousGroups < 0) {
            throw new IllegalArgumentException("platte.fleetlock.max-anonymous-groups must not be negative");
        }
    }
}
