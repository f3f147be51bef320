package dev.platte.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A version withdrawn from every channel of its application, or from one; never offered again there. */
@Entity
@Table(name = "package_revocation")
public class PackageRevocation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "package_id", updatable = false)
    private UUID packageId;

    /** {@code null}: every channel of the application. */
    @Column(name = "channel_id", updatable = false)
    private UUID channelId;

    @Column(updatable = false)
    private String reason;

    @Column(updatable = false)
    private String actor;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected PackageRevocation() {}

    PackageRevocation(UUID packageId, UUID channelId, String reason, String actor, Instant createdAt) {
        this.packageId = packageId;
        this.channelId = channelId;
        this.reason = reason;
        this.actor = actor;
        this.createdAt = createdAt;
    }

    boolean covers(UUID channel) {
        return channelId == null || channelId.equals(channel);
    }

    public Long id() {
        return id;
    }

    public UUID packageId() {
        return packageId;
    }

    public UUID channelId() {
        return channelId;
    }

    public String reason() {
        return reason;
    }

    public String actor() {
        return actor;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
