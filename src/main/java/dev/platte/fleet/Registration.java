package dev.platte.fleet;

import java.time.Instant;
import java.util.UUID;

/** What a node tells about itself in any Omaha request, already validated. */
public record Registration(
        String machineId,
        UUID applicationId,
        UUID groupId,
        String version,
        String ip,
        String alias,
        String oem,
        String oemVersion,
        String alephVersion,
        String bootId,
        boolean updateCheck,
        Instant now) {}
