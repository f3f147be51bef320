package dev.platte.rollout;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A group's rollout of the package its channel serves now: when it started, its safe-mode canary,
 * and how many nodes tried and failed. Its row is the lock every grant in the group takes. Raises
 * {@link RolloutStarted} and {@link RolloutCompleted}, published when it is saved.
 */
@Entity
@Table(name = "group_rollout")
public class GroupRollout extends AbstractAggregateRoot<GroupRollout> {

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

    /** Announces a rollout that began with its row (the group's first): {@link RolloutStarted}. */
    void announceStart(UpdateGroup group) {
        registerEvent(new RolloutStarted(group.applicationId(), group.id(), group.name(), group.channelId(), packageId,
                targetVersion, null, startedAt));
    }

    /** A new target: everything counted so far belonged to the previous one. Raises {@link RolloutStarted}. */
    void restart(UpdateGroup group, UUID packageId, String targetVersion, Instant now) {
        var previousVersion = this.targetVersion;
        this.packageId = packageId;
        this.targetVersion = targetVersion;
        this.startedAt = now;
        this.canaryMachineId = null;
        this.canary = CanaryState.NONE;
        this.attempts = 0;
        this.failures = 0;
        this.completedAt = null;
        registerEvent(new RolloutStarted(group.applicationId(), group.id(), group.name(), group.channelId(), packageId,
                targetVersion, previousVersion, now));
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

    /** Every active node of {@code group} runs the target: raises {@link RolloutCompleted} the first time. */
    boolean markCompleted(UpdateGroup group, Instant now) {
        if (completedAt != null) {
            return false;
        }
        completedAt = now;
        registerEvent(new RolloutCompleted(group.applicationId(), group.id(), group.name(), targetVersion, startedAt,
                now, attempts, failures));
        return true;
    }

    /** The events raised since it was last saved. */
    List<Object> raisedEvents() {
        return List.copyOf(domainEvents());
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
