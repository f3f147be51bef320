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
import java.util.Map;
import java.util.UUID;

/** A named stream of releases for one arch: points at the package its groups should run. */
@Entity
@Table(name = "channel")
public class Channel {

    @Id
    private UUID id;

    @Column(name = "application_id", updatable = false)
    private UUID applicationId;

    private String name;

    private Arch arch;

    @Column(name = "package_id")
    private UUID packageId;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected Channel() {}

    Channel(UUID applicationId, String name, Arch arch) {
        this.id = UUID.randomUUID();
        this.applicationId = applicationId;
        this.createdAt = Instant.now();
        rename(name, arch);
    }

    void rename(String name, Arch arch) {
        if (arch == null || arch == Arch.ALL) {
            throw new InvalidInputException("arch", "a channel serves one arch: amd64 or arm64");
        }
        if (packageId != null && arch != this.arch) {
            throw new InvalidInputException("arch", "cannot change the arch of a channel that serves a package");
        }
        this.name = name;
        this.arch = arch;
    }

    /** Points the channel at a package, which must belong to the same application and run on its arch. */
    void serve(UpdatePackage pkg) {
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
