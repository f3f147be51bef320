package dev.platte.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A package every node on the channel must pass through on its way to anything newer. */
@Entity
@Table(name = "channel_floor")
public class ChannelFloor {

    @EmbeddedId
    private Id id;

    private String reason;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected ChannelFloor() {}

    ChannelFloor(UUID channelId, UUID packageId, String reason, Instant createdAt) {
        this.id = new Id(channelId, packageId);
        this.reason = reason == null ? "" : reason.strip();
        this.createdAt = createdAt;
    }

    @jakarta.persistence.Embeddable
    record Id(@Column(name = "channel_id") UUID channelId, @Column(name = "package_id") UUID packageId) {}

    public UUID channelId() {
        return id.channelId();
    }

    public UUID packageId() {
        return id.packageId();
    }

    public String reason() {
        return reason;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
