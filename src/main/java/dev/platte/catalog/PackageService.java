package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Packages of an application, and their revocation from its channels. */
@Service
@Transactional
public class PackageService {

    private final PackageRepository packages;
    private final ChannelRepository channels;
    private final ChannelFloorRepository floors;
    private final PackageRevocationRepository revocations;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    PackageService(PackageRepository packages, ChannelRepository channels, ChannelFloorRepository floors,
            PackageRevocationRepository revocations, ApplicationEventPublisher publisher, Clock clock) {
        this.packages = packages;
        this.channels = channels;
        this.floors = floors;
        this.revocations = revocations;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<UpdatePackage> packages(Application application) {
        return packages.findByApplicationIdOrderByCreatedAtDesc(application.id());
    }

    @Transactional(readOnly = true)
    public UpdatePackage pkg(Application application, UUID packageId) {
        return packages.findByIdAndApplicationId(packageId, application.id())
                .orElseThrow(() -> NotFoundException.of("package", packageId));
    }

    @Transactional(readOnly = true)
    public Optional<UpdatePackage> findPackage(UUID packageId) {
        return packages.findById(packageId);
    }

    /** Which of {@code packageIds} are packages (of any application). */
    @Transactional(readOnly = true)
    public Set<UUID> existingPackageIds(Collection<UUID> packageIds) {
        return packageIds.isEmpty() ? Set.of() : Set.copyOf(packages.findExistingIds(packageIds));
    }

    @Transactional(readOnly = true)
    public List<UpdatePackage> findPackages(Collection<UUID> packageIds) {
        return packages.findAllById(packageIds);
    }

    /** The application's package of {@code version} for {@code arch}, or else for every arch. */
    @Transactional(readOnly = true)
    public Optional<UpdatePackage> findPackage(UUID applicationId, String version, Arch arch) {
        return packages.findByApplicationIdAndVersionAndArch(applicationId, version, arch)
                .or(() -> packages.findByApplicationIdAndVersionAndArch(applicationId, version, Arch.ALL));
    }

    public UpdatePackage createPackage(Application application, PackageContent content) {
        return createPackage(application, null, content);
    }

    /** @param id the new package's id, when its files are already stored under it (mirroring); else generated */
    public UpdatePackage createPackage(Application application, UUID id, PackageContent content) {
        PackageRules.check(content);
        if (packages.existsByApplicationIdAndVersionAndArch(application.id(), content.version(), content.arch())) {
            throw new ConflictException("version " + content.version() + " for " + content.arch().wireName()
                    + " already exists in " + application.name());
        }
        var pkg = packages.save(
                new UpdatePackage(id == null ? UUID.randomUUID() : id, application.id(), content, clock.instant()));
        publisher.publishEvent(new PackageCreated(pkg.applicationId(), pkg.id(), pkg.version(), pkg.arch(),
                pkg.snapshot(), AuditTrail.currentActor()));
        return pkg;
    }

    public UpdatePackage updatePackage(Application application, UUID packageId, PackageContent content) {
        var pkg = pkg(application, packageId);
        PackageRules.check(content);
        var identityChanges = !pkg.version().equals(content.version()) || pkg.arch() != content.arch();
        if (identityChanges && channels.existsByPackageId(pkg.id())) {
            throw new ConflictException("a channel serves this package: its version and arch cannot change");
        }
        if (identityChanges
                && packages.existsByApplicationIdAndVersionAndArch(pkg.applicationId(), content.version(), content.arch())) {
            throw new ConflictException(
                    "version " + content.version() + " for " + content.arch().wireName() + " already exists");
        }
        var before = pkg.snapshot();
        pkg.replaceContent(content);
        publisher.publishEvent(new PackageUpdated(pkg.applicationId(), pkg.id(), pkg.version(), before, pkg.snapshot(),
                null, AuditTrail.currentActor()));
        return pkg;
    }

    public void deletePackage(Application application, UUID packageId) {
        var pkg = pkg(application, packageId);
        if (channels.existsByPackageId(pkg.id())) {
            throw new ConflictException("a channel serves package " + pkg.version() + ": point it elsewhere first");
        }
        if (!floors.findByIdPackageId(pkg.id()).isEmpty()) {
            throw new ConflictException("package " + pkg.version() + " is a floor of a channel: remove the floor first");
        }
        packages.delete(pkg);
        publisher.publishEvent(new PackageDeleted(pkg.applicationId(), pkg.id(), pkg.snapshot(),
                AuditTrail.currentActor()));
    }

    /**
     * Records a file of the package that is now hosted here: its size and digests replace the ones on
     * record, and the main payload moves the package's codebase to this server.
     */
    public UpdatePackage recordHostedFile(UUID packageId, String fileName, long size, String sha1Base64,
            String sha256Base64, String sha256Hex, String codebaseUrl) {
        var pkg = packages.findById(packageId).orElseThrow(() -> NotFoundException.of("package", packageId));
        var before = pkg.snapshot();
        var content = pkg.content();
        PackageContent updated;
        if (pkg.fileName().equals(fileName)) {
            updated = new PackageContent(content.version(), content.arch(), content.type(), codebaseUrl, fileName, size,
                    sha1Base64, sha256Base64, content.description(), content.extraFiles());
        } else if (content.extraFiles().stream().anyMatch(f -> f.name().equals(fileName))) {
            var files = content.extraFiles().stream()
                    .map(f -> f.name().equals(fileName) ? new ExtraFile(fileName, size, sha1Base64, sha256Hex) : f)
                    .toList();
            updated = new PackageContent(content.version(), content.arch(), content.type(), content.codebaseUrl(),
                    content.fileName(), content.size(), content.sha1(), content.sha256(), content.description(), files);
        } else {
            throw new InvalidInputException("fileName", "is neither the package's payload nor one of its extra files");
        }
        PackageRules.check(updated);
        pkg.replaceContent(updated);
        publisher.publishEvent(new PackageUpdated(pkg.applicationId(), pkg.id(), pkg.version(), before, pkg.snapshot(),
                fileName, AuditTrail.currentActor()));
        return pkg;
    }

    // --- revocation ---------------------------------------------------------------------------

    /**
     * Withdraws a version from one channel or (no channel) every channel of the application. It is
     * never offered there again; channels serving it, or requiring it as a floor, must move first.
     */
    public PackageRevocation revoke(Application application, UUID packageId, UUID channelId, String reason,
            String actor) {
        var pkg = pkg(application, packageId);
        requireReason(reason);
        Channel only = null;
        if (channelId != null) {
            only = channels.findByIdAndApplicationId(channelId, pkg.applicationId())
                    .orElseThrow(() -> new InvalidInputException("channelId", "no such channel in this application"));
        }
        var scope = only == null ? channels.findByApplicationIdOrderByNameAscArchAsc(pkg.applicationId()) : List.of(only);
        for (var channel : scope) {
            if (pkg.id().equals(channel.packageId())) {
                throw new ConflictException("channel %s (%s) serves %s: point it at another package first"
                        .formatted(channel.name(), channel.arch().wireName(), pkg.version()));
            }
            if (floors.existsById(new ChannelFloor.Id(channel.id(), pkg.id()))) {
                throw new ConflictException("%s is a floor of channel %s (%s): remove the floor first"
                        .formatted(pkg.version(), channel.name(), channel.arch().wireName()));
            }
        }
        var existing = revocations.findByPackageIdOrderByCreatedAt(pkg.id()).stream()
                .filter(r -> channelId == null ? r.channelId() == null : r.covers(channelId))
                .findFirst();
        if (existing.isPresent()) {
            throw new ConflictException("%s is already revoked there: %s".formatted(pkg.version(), existing.get().reason()));
        }
        var revocation = revocations.save(
                new PackageRevocation(pkg.id(), channelId, reason.strip(), actor, clock.instant()));
        publisher.publishEvent(new PackageRevoked(pkg.applicationId(), pkg.id(), pkg.version(), pkg.arch(), channelId,
                only == null ? null : only.name(), only == null ? null : only.arch(), revocation.reason(), actor,
                revocation.createdAt()));
        return revocation;
    }

    /** A revocation says why. */
    static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "say why the version is revoked");
        }
    }

    @Transactional(readOnly = true)
    public List<PackageRevocation> revocations(Application application, UUID packageId) {
        return revocations.findByPackageIdOrderByCreatedAt(pkg(application, packageId).id());
    }

    @Transactional(readOnly = true)
    public boolean isRevoked(UUID packageId, UUID channelId) {
        return revocations.findByPackageIdOrderByCreatedAt(packageId).stream().anyMatch(r -> r.covers(channelId));
    }
}
