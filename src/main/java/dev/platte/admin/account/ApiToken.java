package dev.platte.admin.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A bearer token for scripts and pipelines. Only its SHA-256 is stored; the token is shown once. */
@Entity
@Table(name = "api_token")
public class ApiToken {

    @Id
    private UUID id;

    private String name;

    @Column(name = "token_hash", updatable = false)
    private String tokenHash;

    private String role;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    protected ApiToken() {}

    ApiToken(String name, String tokenHash, Role role, String createdBy, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.tokenHash = tokenHash;
        this.role = role.wireName();
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    boolean isValidAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    boolean revoke(Instant now) {
        if (revokedAt != null) {
            return false;
        }
        revokedAt = now;
        return true;
    }

    /** Writes at most once a minute per token, so a busy pipeline does not turn reads into writes. */
    boolean touch(Instant now) {
        if (lastUsedAt != null && lastUsedAt.isAfter(now.minusSeconds(60))) {
            return false;
        }
        lastUsedAt = now;
        return true;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return Role.fromWireName(role);
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    /** How the audit trail names whoever used this token. */
    public String actorName() {
        return "token:" + name;
    }
}
