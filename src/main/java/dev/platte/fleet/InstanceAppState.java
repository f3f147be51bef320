package dev.platte.fleet;

import dev.platte.common.Versions;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * What one instance runs of one application and where its update stands. Every method that changes
 * the status returns whether it did, so the caller can append exactly one history row per change.
 */
@Entity
@Table(name = "instance_app_state")
public class InstanceAppState {

    @EmbeddedId
    private InstanceAppId id;

    @Column(name = "group_id")
    private UUID groupId;

    private String version;

    private InstanceStatus status;

    @Column(name = "status_changed_at")
    private Instant statusChangedAt;

    @Column(name = "hold_reason")
    private String holdReason;

    @Column(name = "update_in_progress")
    private boolean updateInProgress;

    @Column(name = "last_granted_version")
    private String lastGrantedVersion;

    @Column(name = "last_granted_at")
    private Instant lastGrantedAt;

    @Column(name = "last_error_code")
    private Long lastErrorCode;

    @Column(name = "last_check_at")
    private Instant lastCheckAt;

    /** Set by {@link GroupCensus} once the node has not checked for the retirement age; cleared by its next check. */
    private boolean retired;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    /** For searches that filter on the machine (alias, IP, last seen); never loaded on the hot path. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "machine_id", insertable = false, updatable = false)
    private Instance instance;

    protected InstanceAppState() {}

    /** A state as registration first creates it (the row itself is inserted race-free by SQL). */
    InstanceAppState(InstanceAppId id, UUID groupId, String version, Instant now) {
        this.id = id;
        this.groupId = groupId;
        this.version = version;
        this.status = InstanceStatus.UNDEFINED;
        this.statusChangedAt = now;
        this.createdAt = now;
    }

    /** Records what the node reports about itself; completes its update once it runs the granted version. */
    boolean report(UUID groupId, String version, boolean updateCheck, Instant now) {
        this.groupId = groupId;
        this.version = version;
        if (updateCheck) {
            this.lastCheckAt = now;
            this.retired = false;
        }
        if (completesUpdate(updateInProgress, status, lastGrantedVersion, version)) {
            return complete(now);
        }
        return false;
    }

    /** Whether a node reporting {@code version} has finished the update it was granted. */
    static boolean completesUpdate(boolean updateInProgress, InstanceStatus status, String lastGrantedVersion,
            String version) {
        // A node that timed out but finished after all still completes.
        var awaited = updateInProgress || status == InstanceStatus.TIMED_OUT;
        return awaited && lastGrantedVersion != null && Versions.compare(version, lastGrantedVersion) >= 0;
    }

    /** Always a change worth a history row: grants are counted from the history. */
    boolean grant(String targetVersion, Instant now) {
        this.lastGrantedVersion = targetVersion;
        this.lastGrantedAt = now;
        this.updateInProgress = true;
        this.holdReason = null;
        this.status = InstanceStatus.GRANTED;
        this.statusChangedAt = now;
        return true;
    }

    /** An update granted too long ago: it no longer holds a concurrency slot and counts as a failure. */
    boolean markTimedOut(Instant now) {
        if (!updateInProgress) {
            return false;
        }
        this.updateInProgress = false;
        return changeTo(InstanceStatus.TIMED_OUT, now);
    }

    /** A granted update the node has not started on was revoked: it must not install it. */
    boolean withdrawGrant(String reason, Instant now) {
        if (status != InstanceStatus.GRANTED) {
            return false;
        }
        this.updateInProgress = false;
        this.holdReason = reason;
        this.status = InstanceStatus.ON_HOLD;
        this.statusChangedAt = now;
        return true;
    }

    boolean hold(String reason, Instant now) {
        this.holdReason = reason;
        return changeTo(InstanceStatus.ON_HOLD, now);
    }

    // Progress and completion count only from a node Platte granted an update: a made-up machine's reports
    // are kept as events, but move no status (and so no rollout counter, history row or metric).

    boolean markDownloading(Instant now) {
        if (lastGrantedVersion == null) {
            return false;
        }
        this.updateInProgress = true;
        return changeTo(InstanceStatus.DOWNLOADING, now);
    }

    boolean markDownloaded(Instant now) {
        if (lastGrantedVersion == null) {
            return false;
        }
        this.updateInProgress = true;
        return changeTo(InstanceStatus.DOWNLOADED, now);
    }

    boolean markInstalled(Instant now) {
        if (lastGrantedVersion == null) {
            return false;
        }
        this.updateInProgress = true;
        return changeTo(InstanceStatus.INSTALLED, now);
    }

    /**
     * An update_engine error ends the attempt, so the node's next check is answered afresh. It counts only
     * from a node that was granted an update and began it (downloading or later): an error from anyone
     * else is kept as an event but fails nothing, so made-up machines cannot fake failures cheaply.
     */
    boolean markFailed(long errorCode, Instant now) {
        if (!updateInProgress || lastGrantedVersion == null || !status.begun()) {
            return false;
        }
        this.updateInProgress = false;
        this.lastErrorCode = errorCode;
        return changeTo(InstanceStatus.ERROR, now);
    }

    /** A 3/2 naming the version it came from: the node rebooted into an update. */
    boolean markRebootedFrom(Instant now) {
        if (!updateInProgress && status != InstanceStatus.TIMED_OUT) {
            return false;
        }
        if (lastGrantedVersion == null || Versions.compare(version, lastGrantedVersion) < 0) {
            return false;
        }
        return complete(now);
    }

    private boolean complete(Instant now) {
        this.updateInProgress = false;
        return changeTo(InstanceStatus.COMPLETE, now);
    }

    private boolean changeTo(InstanceStatus next, Instant now) {
        if (status == next) {
            return false;
        }
        if (next != InstanceStatus.ON_HOLD) {
            this.holdReason = null;
        }
        this.status = next;
        this.statusChangedAt = now;
        return true;
    }

    public InstanceAppId id() {
        return id;
    }

    public String machineId() {
        return id.machineId();
    }

    public UUID applicationId() {
        return id.applicationId();
    }

    public UUID groupId() {
        return groupId;
    }

    public String version() {
        return version;
    }

    public InstanceStatus status() {
        return status;
    }

    public Instant statusChangedAt() {
        return statusChangedAt;
    }

    public String holdReason() {
        return holdReason;
    }

    public boolean updateInProgress() {
        return updateInProgress;
    }

    public String lastGrantedVersion() {
        return lastGrantedVersion;
    }

    public Instant lastGrantedAt() {
        return lastGrantedAt;
    }

    public Long lastErrorCode() {
        return lastErrorCode;
    }

    public Instant lastCheckAt() {
        return lastCheckAt;
    }

    public boolean retired() {
        return retired;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
