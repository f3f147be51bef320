package dev.platte.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** The last sync of one upstream channel and arch. */
@Entity
@Table(name = "sync_state")
public class SyncState {

    @EmbeddedId
    private Key key;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "last_success_at")
    private Instant lastSuccessAt;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "last_change")
    private String lastChange;

    @Column(name = "upstream_version")
    private String upstreamVersion;

    protected SyncState() {}

    SyncState(String upstream, String channel, String arch) {
        this.key = new Key(upstream, channel, arch);
    }

    @Embeddable
    public record Key(String upstream, String channel, String arch) {}

    void succeeded(Instant at, String upstreamVersion, String change) {
        this.lastAttemptAt = at;
        this.lastSuccessAt = at;
        this.lastError = null;
        this.upstreamVersion = upstreamVersion;
        if (change != null) {
            this.lastChange = change;
        }
    }

    void failed(Instant at, String error) {
        this.lastAttemptAt = at;
        this.lastError = error;
    }

    public Key key() {
        return key;
    }

    public Instant lastAttemptAt() {
        return lastAttemptAt;
    }

    public Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    public String lastError() {
        return lastError;
    }

    public String lastChange() {
        return lastChange;
    }

    public String upstreamVersion() {
        return upstreamVersion;
    }
}
