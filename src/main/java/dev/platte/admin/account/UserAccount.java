package dev.platte.admin.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person (or script) that signs in to the API and the pages. */
@Entity
@Table(name = "user_account")
class UserAccount {

    static final String ADMIN = "admin";

    @Id
    private String username;

    @Column(name = "password_hash")
    private String passwordHash;

    private String role;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected UserAccount() {}

    UserAccount(String username, String passwordHash, String role) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = Instant.now();
    }

    void changePasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    String role() {
        return role;
    }
}
