package dev.platte.activity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of the activity feed; written once, never changed. */
@Entity
@Table(name = "activity")
public class Activity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(updatable = false)
    private ActivityKind kind;

    @Column(updatable = false)
    private Severity severity;

    @Column(name = "application_id", updatable = false)
    private UUID applicationId;

    @Column(name = "group_id", updatable = false)
    private UUID groupId;

    @Column(name = "channel_id", updatable = false)
    private UUID channelId;

    @Column(name = "machine_id", updatable = false)
    private String machineId;

    @Column(updatable = false)
    private String version;

    @Column(updatable = false)
    private String actor;

    @Column(updatable = false)
    private String message;

    protected Activity() {}

    Activity(Entry entry, Instant createdAt) {
        this.createdAt = createdAt;
        this.kind = entry.kind();
        this.severity = entry.severity();
        this.applicationId = entry.applicationId();
        this.groupId = entry.groupId();
        this.channelId = entry.channelId();
        this.machineId = entry.machineId();
        this.version = entry.version();
        this.actor = entry.actor();
        this.message = entry.message();
    }

    /** What to record; everything but kind, severity and message may be {@code null}. */
    public record Entry(ActivityKind kind, Severity severity, UUID applicationId, UUID groupId, UUID channelId,
            String machineId, String version, String actor, String message) {

        /** A line about a channel (and no group or node). */
        public static Entry forChannel(ActivityKind kind, Severity severity, UUID applicationId, UUID channelId,
                String version, String actor, String message) {
            return new Entry(kind, severity, applicationId, null, channelId, null, version, actor, message);
        }

        /** A line about a group (and no channel or node). */
        public static Entry forGroup(ActivityKind kind, Severity severity, UUID applicationId, UUID groupId,
                String version, String actor, String message) {
            return new Entry(kind, severity, applicationId, groupId, null, null, version, actor, message);
        }

        /** A line about one node of a group, by Platte itself. */
        public static Entry forNode(ActivityKind kind, Severity severity, UUID applicationId, UUID groupId,
                String machineId, String version, String message) {
            return new Entry(kind, severity, applicationId, groupId, null, machineId, version, null, message);
        }
    }

    public Long id() {
        return id;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public ActivityKind kind() {
        return kind;
    }

    public Severity severity() {
        return severity;
    }

    public UUID applicationId() {
        return applicationId;
    }

    public UUID groupId() {
        return groupId;
    }

    public UUID channelId() {
        return channelId;
    }

    public String machineId() {
        return machineId;
    }

    public String version() {
        return version;
    }

    public String actor() {
        return actor;
    }

    public String message() {
        return message;
    }
}
