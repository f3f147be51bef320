package dev.platte.fleet;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that made it, whenever an instance's status for an application
 * changes; the rollout reacts to completions and failures of its target.
 *
 * @param grantedVersion the version the node was last granted ({@code null} if never)
 */
public record InstanceStatusChanged(
        String machineId,
        UUID applicationId,
        UUID groupId,
        InstanceStatus status,
        String reportedVersion,
        String grantedVersion,
        Long errorCode,
        Instant at) {}
