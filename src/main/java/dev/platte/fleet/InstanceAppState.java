package dev.platte.fleet;

import dev.platte.common.Versions;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
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

    /** The node's OEM as it last reported one ('' never): counted per group by OEM (V39). */
    private String oem = "";

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

    /** The status before the last change in this transaction, for those who react to the change. */
    @Transient
    private InstanceStatus previousStatus;

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

    /** A state as the fleet's JDBC path reads it (see {@link NodeWrites}): the rules below apply to it unchanged. */
    InstanceAppState(InstanceAppId id, UUID groupId, String version, String oem, InstanceStatus status,
            Instant statusChangedAt, String holdReason, boolean updateInProgress, String lastGrantedVersion,
            Instant lastGrantedAt, Long lastErrorCode, Instant lastCheckAt, boolean retired, Instant createdAt) {
        this.id = id;
        this.groupId = groupId;
        this.version = version;
        this.oem = oem;
        this.status = status;
        this.statusChangedAt = statusChangedAt;
        this.holdReason = holdReason;
        this.updateInProgress = updateInProgress;
        this.lastGrantedVersion = lastGrantedVersion;
        this.lastGrantedAt = lastGrantedAt;
        this.lastErrorCode = lastErrorCode;
        this.lastCheckAt = lastCheckAt;
        this.retired = retired;
        this.createdAt = createdAt;
    }

    /** Records what the node reports about itself; completes its update once it runs the granted version. */
    boolean report(UUID groupId, String version, String oem, boolean updateCheck, Instant now) {
        var before = this.version;
        this.groupId = groupId;
        this.version = version;
        // As on the instance row: an empty value never erases a stored one.
        if (oem != null && !oem.isEmpty()) {
            this.oem = oem;
        }
        if (updateCheck) {
            this.lastCheckAt = now;
            this.retired = false;
        }
        if (completesUpdate(lastGrantedVersion, before, version)) {
            return complete(now);
        }
        return false;
    }

    /**
     * The one completion rule: a node that ran a version below the one it was last granted and now runs
     * that version (or a newer one) has completed the update, whatever its status says happened in between
     * (it failed, timed out, or was held since); a node granted a rollback's older version completes when it
     * runs exactly that version. Moving across the granted version is what counts, so a
     * node that completed once and is held for the next target is not completed again.
     *
     * @param before the version the node ran before: as stored, or as its 3/2 event names it
     */
    static boolean completesUpdate(String lastGrantedVersion, String before, String version) {
        if (lastGrantedVersion == null || !Versions.isValid(before) || !Versions.isValid(version)) {
            return false;
        }
        var from = Versions.compare(before, lastGrantedVersion);
        var to = Versions.compare(version, lastGrantedVersion);
        // Up to (or past) the granted version; or, for a rollback's downgrade, down to exactly that version.
        return (from < 0 && to >= 0) || (from > 0 && to == 0);
    }

    /** Always a change worth a history row: grants are counted from the history. */
    boolean grant(String targetVersion, Instant now) {
        this.lastGrantedVersion = targetVersion;
        this.lastGrantedAt = now;
        this.updateInProgress = true;
        this.holdReason = null;
        this.previousStatus = status;
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
        this.previousStatus = status;
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

    /** A 3/2 naming the version it came from: the node rebooted into an update, completed by the same rule. */
    boolean markRebootedFrom(String previousVersion, Instant now) {
        return status != InstanceStatus.COMPLETE && completesUpdate(lastGrantedVersion, previousVersion, version)
                && complete(now);
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
        this.previousStatus = status;
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

    /** The OEM the node reports ('' when it never reported one). */
    public String oem() {
        return oem;
    }

    public InstanceStatus status() {
        return status;
    }

    /** The status before the latest change (null if none happened since loading). */
    public InstanceStatus previousStatus() {
        return previousStatus;
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
