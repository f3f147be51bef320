package dev.platte.catalog;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One version of an application's payload for one arch: where to download it and how to verify it.
 * (Named so to stay clear of {@link java.lang.Package}.)
 */
@Entity
@Table(name = "package")
public class UpdatePackage {

    @Id
    private UUID id;

    @Column(name = "application_id", updatable = false)
    private UUID applicationId;

    private String version;

    private Arch arch;

    private PackageType type;

    @Column(name = "codebase_url")
    private String codebaseUrl;

    @Column(name = "file_name")
    private String fileName;

    private long size;

    private String sha1;

    private String sha256;

    private String description;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "package_file", joinColumns = @JoinColumn(name = "package_id"))
    @OrderColumn(name = "position")
    private List<ExtraFile> extraFiles = new ArrayList<>();

    protected UpdatePackage() {}

    UpdatePackage(UUID id, UUID applicationId, PackageContent content, Instant createdAt) {
        this.id = id;
        this.applicationId = applicationId;
        this.createdAt = createdAt;
        replaceContent(content);
    }

    /** Replaces everything but identity; callers validate the content first. */
    void replaceContent(PackageContent content) {
        this.version = content.version();
        this.arch = content.arch();
        this.type = content.type();
        this.codebaseUrl = content.codebaseUrl();
        this.fileName = content.fileName();
        this.size = content.size();
        this.sha1 = content.sha1();
        this.sha256 = content.sha256();
        this.description = content.description() == null ? "" : content.description();
        this.extraFiles.clear();
        this.extraFiles.addAll(content.extraFiles());
    }

    /** Everything but identity, as a value to edit and pass back to {@link #replaceContent}. */
    public PackageContent content() {
        return new PackageContent(version, arch, type, codebaseUrl, fileName, size, sha1, sha256, description,
                List.copyOf(extraFiles));
    }

    public UUID id() {
        return id;
    }

    public UUID applicationId() {
        return applicationId;
    }

    public String version() {
        return version;
    }

    public Arch arch() {
        return arch;
    }

    public PackageType type() {
        return type;
    }

    public String codebaseUrl() {
        return codebaseUrl;
    }

    public String fileName() {
        return fileName;
    }

    public long size() {
        return size;
    }

    public String sha1() {
        return sha1;
    }

    public String sha256() {
        return sha256;
    }

    public String description() {
        return description;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<ExtraFile> extraFiles() {
        return List.copyOf(extraFiles);
    }

    /** What the audit trail records of it. */
    public Map<String, Object> snapshot() {
        var map = new LinkedHashMap<String, Object>();
        map.put("id", id);
        map.put("version", version);
        map.put("arch", arch.wireName());
        map.put("type", type.wireName());
        map.put("codebaseUrl", codebaseUrl);
        map.put("fileName", fileName);
        map.put("size", size);
        map.put("sha1", sha1);
        map.put("sha256", sha256);
        map.put("description", description);
        map.put("extraFiles", List.copyOf(extraFiles));
        return map;
    }
}
