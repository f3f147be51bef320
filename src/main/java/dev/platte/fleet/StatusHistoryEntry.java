package dev.platte.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One status change of an (instance, application); never updated once written. */
@Entity
@Table(name = "instance_status_history")
public class StatusHistoryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "machine_id", updatable = false)
    private String machineId;

    @Column(name = "application_id", updatable = false)
    private UUID applicationId;

    @Column(name = "group_id", updatable = false)
    private UUID groupId;

    @Column(updatable = false)
    private InstanceStatus status;

    @Column(updatable = false)
    private String version;

    @Column(name = "error_code", updatable = false)
    private Long errorCode;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected StatusHistoryEntry() {}

    static StatusHistoryEntry of(InstanceAppState state) {
        var entry = new StatusHistoryEntry();
        entry.machineId = state.machineId();
        entry.applicationId = state.applicationId();
        entry.groupId = state.groupId();
        entry.status = state.status();
        entry.version = state.updateInProgress() || state.status() == InstanceStatus.ERROR
                ? state.lastGrantedVersion()
                : state.version();
        entry.errorCode = state.status() == InstanceStatus.ERROR ? state.lastErrorCode() : null;
        entry.createdAt = state.statusChangedAt();
        return entry;
    }

    /** The version a group's timeline bucket counts this change under: completions by version, the rest as one. */
    String bucketVersion() {
        return status == InstanceStatus.COMPLETE && version != null ? version : "";
    }

    public Long id() {
        return id;
    }

    String machineId() {
        return machineId;
    }

    UUID applicationId() {
        return applicationId;
    }

    public UUID groupId() {
        return groupId;
    }

    public InstanceStatus status() {
        return status;
    }

    public String version() {
        return version;
    }

    public Long errorCode() {
        return errorCode;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
