package dev.platte.fleetlock;

import java.time.Instant;

/** A reboot slot an instance holds: its machine id is the FleetLock holder id. */
public record InstanceLock(String rebootGroup, Instant since, Instant expiresAt) {}
