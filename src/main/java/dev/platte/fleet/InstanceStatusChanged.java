package dev.platte.fleet;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that made it, whenever an instance's status for an application
 * changes; the rollout reacts to completions and failures of its target.
 *
 * @param grantedVersion the version the node was last granted ({@code null} if never)
 * @param previousStatus the status it left ({@code null} if unknown)
 */
public record InstanceStatusChanged(
        String machineId,
        UUID applicationId,
        UUID groupId,
        InstanceStatus status,
        String reportedVersion,
        String grantedVersion,
        Long errorCode,
        Instant at,
        InstanceStatus previousStatus) {

    public InstanceStatusChanged(String machineId, UUID applicationId, UUID groupId, InstanceStatus status,
            String reportedVersion, String grantedVersion, Long errorCode, Instant at) {
        this(machineId, applicationId, groupId, status, reportedVersion, grantedVersion, errorCode, at, null);
    }

    /**
     * A step of an update already under way (downloading, downloaded, installed after a grant or an earlier
     * step): the node stays in progress and no grant is added, so a group's grant and in-progress counts stay.
     */
    public boolean continuesUpdateInProgress() {
        return status.begun() && previousStatus != null && previousStatus.inProgress();
    }

    /** A completion after the node was counted as failed (error or timed out): it updated after all. */
    public boolean recoveredFromFailure() {
        return status == InstanceStatus.COMPLETE
                && (previousStatus == InstanceStatus.ERROR || previousStatus == InstanceStatus.TIMED_OUT);
    }
}
