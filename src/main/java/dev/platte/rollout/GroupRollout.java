package dev.platte.rollout;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A group's rollout of the package its channel serves now: when it started, its safe-mode canary,
 * and how many nodes tried and failed. Its row is the lock every grant in the group takes.
 */
@Entity
@Table(name = "group_rollout")
public class GroupRollout {

    @Id
    @Column(name = "group_id")
    private UUID groupId;

    @Column(name = "package_id")
    private UUID packageId;

    @Column(name = "target_version")
    private String targetVersion;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "canary_machine_id")
    private String canaryMachineId;

    @Column(name = "canary_outcome")
    @Convert(converter = CanaryStateConverter.class)
    private CanaryState canary = CanaryState.NONE;

    private int attempts;

    private int failures;

    @Column(name = "completed_at")
    private Instant completedAt;

    protected GroupRollout() {}

    boolean isFor(UUID packageId) {
        return packageId.equals(this.packageId);
    }

    /** A new target: everything counted so far belonged to the previous one. */
    void restart(UUID packageId, String targetVersion, Instant now) {
        this.packageId = packageId;
        this.targetVersion = targetVersion;
        this.startedAt = now;
        this.canaryMachineId = null;
        this.canary = CanaryState.NONE;
        this.attempts = 0;
        this.failures = 0;
        this.completedAt = null;
    }

    void recordGrant(String machineId, boolean asCanary) {
        attempts++;
        if (asCanary) {
            canaryMachineId = machineId;
            canary = CanaryState.PENDING;
        }
    }

    /** Returns true when this completion is the canary's, which lets the rest of the group go. */
    boolean recordSuccess(String machineId) {
        if (isPendingCanary(machineId)) {
            canary = CanaryState.SUCCEEDED;
            return true;
        }
        return false;
    }

    /** A node counted as failed that completed after all: it is no failure of this rollout any more. */
    void recordRecovery() {
        if (failures > 0) {
            failures--;
        }
    }

    /** Returns true when the failing node was the canary. */
    boolean recordFailure(String machineId) {
        failures++;
        if (isPendingCanary(machineId)) {
            canary = CanaryState.FAILED;
            return true;
        }
        return false;
    }

    boolean markCompleted(Instant now) {
        if (completedAt != null) {
            return false;
        }
        completedAt = now;
        return true;
    }

    /** After an admin resumes: a failed canary is replaced by a new one and failures count afresh. */
    void giveAnotherChance() {
        if (canary == CanaryState.FAILED) {
            canaryMachineId = null;
            canary = CanaryState.NONE;
        }
        attempts = 0;
        failures = 0;
    }

    boolean isPendingCanary(String machineId) {
        return canary == CanaryState.PENDING && machineId.equals(canaryMachineId);
    }

    public CanaryState canary() {
        return canary;
    }

    public UUID groupId() {
        return groupId;
    }

    public UUID packageId() {
        return packageId;
    }

    public String targetVersion() {
        return targetVersion;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String canaryMachineId() {
        return canaryMachineId;
    }

    public int attempts() {
        return attempts;
    }

    public int failures() {
        return failures;
    }

    public Instant completedAt() {
        return completedAt;
    }
}
