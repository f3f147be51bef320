package dev.platte.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * The last sync of one upstream channel and arch. It raises {@link SyncFailed} when an outage begins and
 * {@link SyncRecovered} when it ends, published when the state is saved.
 */
@Entity
@Table(name = "sync_state")
public class SyncState extends AbstractAggregateRoot<SyncState> {

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

    /** @param application the application as the configuration names it, for the events */
    SyncState succeeded(Instant at, String upstreamVersion, String change, String application) {
        if (lastError != null) {
            registerEvent(new SyncRecovered(key.upstream(), key.channel(), key.arch(), application, upstreamVersion,
                    lastError, lastSuccessAt, at));
        }
        this.lastAttemptAt = at;
        this.lastSuccessAt = at;
        this.lastError = null;
        this.upstreamVersion = upstreamVersion;
        if (change != null) {
            this.lastChange = change;
        }
        return this;
    }

    /** @param application the application as the configuration names it, for the events */
    SyncState failed(Instant at, String error, String application) {
        if (lastError == null) {
            registerEvent(new SyncFailed(key.upstream(), key.channel(), key.arch(), application, error, lastSuccessAt, at));
        }
        this.lastAttemptAt = at;
        this.lastError = error;
        return this;
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
