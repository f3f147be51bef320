package dev.platte.catalog;

import dev.platte.common.InvalidInputException;
import dev.platte.common.StaleVersionException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A named stream of releases for one arch: points at the package its groups should run. Raises
 * {@link ChannelPromoted} and {@link RollbackStarted}, published when it is saved.
 */
@Entity
@Table(name = "channel")
public class Channel extends AbstractAggregateRoot<Channel> {

    @Id
    private UUID id;

    @Column(name = "application_id", updatable = false)
    private UUID applicationId;

    private String name;

    private Arch arch;

    @Column(name = "package_id")
    private UUID packageId;

    /** Set while the channel serves a package it was rolled back to: the version it served before. */
    @Column(name = "rollback_from_version")
    private String rollbackFromVersion;

    @Column(name = "rollback_reason")
    private String rollbackReason;

    @Column(name = "rollback_by")
    private String rollbackBy;

    @Column(name = "rollback_at")
    private Instant rollbackAt;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected Channel() {}

    Channel(UUID applicationId, String name, Arch arch, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.applicationId = applicationId;
        this.createdAt = createdAt;
        rename(name, arch);
    }

    void rename(String name, Arch arch) {
        if (arch == null || !Arch.SERVABLE.contains(arch)) {
            throw new InvalidInputException("arch", "a channel serves one arch: " + Arch.mustBeOneOf(Arch.SERVABLE));
        }
        if (packageId != null && arch != this.arch) {
            throw new InvalidInputException("arch", "cannot change the arch of a channel that serves a package");
        }
        this.name = name;
        this.arch = arch;
    }

    /**
     * Points the channel at a package, which must belong to the same application and run on its arch; a
     * different package than before is a promotion.
     */
    void serve(UpdatePackage pkg, String actor) {
        var previous = packageId;
        point(pkg);
        if (pkg != null && !pkg.id().equals(previous)) {
            registerEvent(new ChannelPromoted(applicationId, id, name, arch, pkg.id(), pkg.version(), false, actor));
        }
    }

    private void point(UpdatePackage pkg) {
        if (pkg == null || !pkg.id().equals(packageId)) {
            // Any other package ends a rollback: rolling forward is an ordinary promotion.
            endRollback();
        }
        if (pkg == null) {
            this.packageId = null;
            return;
        }
        if (!pkg.applicationId().equals(applicationId)) {
            throw new InvalidInputException("packageId", "belongs to another application");
        }
        if (!pkg.arch().runsOn(arch)) {
            throw new InvalidInputException(
                    "packageId", "is built for " + pkg.arch().wireName() + ", the channel serves " + arch.wireName());
        }
        this.packageId = pkg.id();
    }

    /**
     * Serves an older package than {@code from}, the one it serves now, as a rollback: nodes on newer versions
     * are offered it too. The caller checked that it is older and not revoked here.
     *
     * @param revoking whether {@code from} is revoked in the same action
     */
    void rollBack(UpdatePackage from, UpdatePackage pkg, String reason, String actor, Instant at, boolean revoking) {
        var before = snapshot();
        point(pkg);
        this.rollbackFromVersion = from.version();
        this.rollbackReason = reason;
        this.rollbackBy = actor;
        this.rollbackAt = at;
        registerEvent(new RollbackStarted(applicationId, id, name, arch, from.id(), from.version(), pkg.id(),
                pkg.version(), reason, revoking, actor, at, before, snapshot()));
        // The groups that follow the channel start a rollout of the older package, as on any promotion.
        registerEvent(new ChannelPromoted(applicationId, id, name, arch, pkg.id(), pkg.version(), true, actor));
    }

    /** The events raised since it was last saved. */
    List<Object> raisedEvents() {
        return List.copyOf(domainEvents());
    }

    private void endRollback() {
        this.rollbackFromVersion = null;
        this.rollbackReason = null;
        this.rollbackBy = null;
        this.rollbackAt = null;
    }

    /** Whether the package it serves is a rollback target, offered to nodes on newer versions too. */
    public boolean isRollback() {
        return rollbackFromVersion != null;
    }

    public String rollbackFromVersion() {
        return rollbackFromVersion;
    }

    public String rollbackReason() {
        return rollbackReason;
    }

    public String rollbackBy() {
        return rollbackBy;
    }

    public Instant rollbackAt() {
        return rollbackAt;
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

    public Arch arch() {
        return arch;
    }

    public UUID packageId() {
        return packageId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** What the audit trail records of it. */
    public Map<String, Object> snapshot() {
        var map = new LinkedHashMap<String, Object>();
        map.put("id", id);
        map.put("name", name);
        map.put("arch", arch.wireName());
        map.put("packageId", packageId);
        if (isRollback()) {
            map.put("rollbackFromVersion", rollbackFromVersion);
            map.put("rollbackReason", rollbackReason);
        }
        return map;
    }

    /** Its version for optimistic concurrency, sent as the ETag. */
    public long rowVersion() {
        return rowVersion;
    }

    /** Refuses an edit based on an older read; {@code null} means the caller did not say (If-Match absent). */
    void expectVersion(Long expected) {
        if (expected != null && expected != rowVersion) {
            throw new StaleVersionException("this channel", expected, rowVersion);
        }
    }
}
