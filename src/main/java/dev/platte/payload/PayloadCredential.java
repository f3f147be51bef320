package dev.platte.payload;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A named credential for an application's hosted payloads: the HTTP Basic user name and a random secret,
 * of which only the SHA-256 is kept. Revoked ones stay, for the record.
 */
@Entity
@Table(name = "payload_credential")
public class PayloadCredential {

    @Id
    private UUID id;

    @Column(name = "application_id", updatable = false)
    private UUID applicationId;

    private String name;

    @Column(name = "secret_hash", updatable = false)
    private String secretHash;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected PayloadCredential() {}

    PayloadCredential(UUID applicationId, String name, String secretHash, String createdBy, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.applicationId = applicationId;
        this.name = name;
        this.secretHash = secretHash;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    boolean revoke(Instant now) {
        if (revokedAt != null) {
            return false;
        }
        revokedAt = now;
        return true;
    }

    String secretHash() {
        return secretHash;
    }

    public boolean live() {
        return revokedAt == null;
    }

    public UUID id() {
        return id;
    }

    public UUID applicationId() {
        return applicationId;
    }

    public String name() {
        return name;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }
}
