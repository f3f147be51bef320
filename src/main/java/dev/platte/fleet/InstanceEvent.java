package dev.platte.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event as update_engine reported it. */
@Entity
@Table(name = "instance_event")
public class InstanceEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "machine_id", updatable = false)
    private String machineId;

    @Column(name = "application_id", updatable = false)
    private UUID applicationId;

    @Column(name = "event_type", updatable = false)
    private int type;

    @Column(name = "event_result", updatable = false)
    private int result;

    @Column(name = "error_code", updatable = false)
    private Long errorCode;

    @Column(name = "previous_version", updatable = false)
    private String previousVersion;

    @Column(name = "reported_version", updatable = false)
    private String reportedVersion;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected InstanceEvent() {}

    InstanceEvent(InstanceAppId id, int type, int result, Long errorCode, String previousVersion,
            String reportedVersion, Instant createdAt) {
        this.machineId = id.machineId();
        this.applicationId = id.applicationId();
        this.type = type;
        this.result = result;
        this.errorCode = errorCode;
        this.previousVersion = previousVersion;
        this.reportedVersion = reportedVersion;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public int type() {
        return type;
    }

    public int result() {
        return result;
    }

    public Long errorCode() {
        return errorCode;
    }

    public String previousVersion() {
        return previousVersion;
    }

    public String reportedVersion() {
        return reportedVersion;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
