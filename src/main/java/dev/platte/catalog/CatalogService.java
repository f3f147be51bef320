package dev.platte.catalog;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.ActivityService;
import dev.platte.activity.Severity;
import dev.platte.audit.AuditTrail;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import dev.platte.common.Versions;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Applications, their packages and their channels. */
@Service
@Transactional
public class CatalogService {

    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+");

    private final ApplicationRepository applications;
    private final PackageRepository packages;
    private final ChannelRepository channels;
    private final ChannelFloorRepository floors;
    private final PackageRevocationRepository revocations;
    private final ActivityService activity;
    private final AuditTrail audit;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    CatalogService(ApplicationRepository applications, PackageRepository packages, ChannelRepository channels,
            ChannelFloorRepository floors, PackageRevocationRepository revocations, ActivityService activity,
            AuditTrail audit, ApplicationEventPublisher publisher, Clock clock) {
        this.applications = applications;
        this.packages = packages;
        this.channels = channels;
        this.floors = floors;
        this.revocations = revocations;
        this.activity = activity;
        this.audit = audit;
        this.publisher = publisher;
        this.clock = clock;
    }

    // --- applications -------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<Application> applications() {
        return applications.findAllByOrderByName();
    }

    /** Finds an application by its UUID or its product id, as admins name it in API paths. */
    @Transactional(readOnly = true)
    public Application application(String reference) {
        return findApplication(reference).orElseThrow(() -> NotFoundException.of("application", reference));
    }

    /**
     * Finds the application an Omaha {@code appid} names: a UUID with or without braces in any letter
     * case, or a product id in any letter case.
     */
    @Transactional(readOnly = true)
    public Optional<Application> findApplication(String reference) {
        var id = parseAppId(reference);
        if (id.isPresent()) {
            return applications.findById(id.get());
        }
        var trimmed = reference == null ? "" : reference.strip();
        return isProductId(trimmed) ? applications.findByProductIdIgnoreCase(trimmed) : Optional.empty();
    }

    /** An Omaha app id as a UUID, if it is one: blanks and one pair of braces are ignored. */
    public static Optional<UUID> parseAppId(String appId) {
        if (appId == null) {
            return Optional.empty();
        }
        var value = appId.strip();
        if (value.startsWith("{") && value.endsWith("}")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        if (value.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static boolean isProductId(String value) {
        return value != null && value.length() <= 155 && PRODUCT_ID.matcher(value).matches();
    }

    public Application createApplication(UUID id, String name, String description, String productId) {
        checkProductId(productId);
        if (id != null && applications.existsById(id)) {
            throw new ConflictException("an application with id " + id + " already exists");
        }
        if (applications.existsByName(name)) {
            throw new ConflictException("an application named '" + name + "' already exists");
        }
        checkProductIdFree(productId, null);
        var application = applications.save(new Application(id, name, description, productId));
        audit.record("application.create", "application", application.id(), null, application.snapshot());
        return application;
    }

    public Application updateApplication(String reference, String name, String description, String productId) {
        var application = application(reference);
        checkProductId(productId);
        if (!application.name().equals(name) && applications.existsByName(name)) {
            throw new ConflictException("an application named '" + name + "' already exists");
        }
        checkProductIdFree(productId, application.id());
        var before = application.snapshot();
        application.update(name, description, productId);
        audit.record("application.update", "application", application.id(), before, application.snapshot());
        return application;
    }

    public void deleteApplication(String reference) {
        var application = application(reference);
        // The packages go with the application (ON DELETE CASCADE); their files must go too.
        var packageIds = packages.findIdsByApplicationId(application.id());
        applications.delete(application);
        audit.record("application.delete", "application", application.id(), application.snapshot(), null);
        packageIds.forEach(id -> publisher.publishEvent(new PackageDeleted(application.id(), id)));
    }

    private static void checkProductId(String productId) {
        if (productId != null && !productId.isBlank() && !isProductId(productId)) {
            throw new InvalidInputException("productId", "must be a reverse-domain name such as io.example.app");
        }
    }

    private void checkProductIdFree(String productId, UUID owner) {
        if (productId == null || productId.isBlank()) {
            return;
        }
        applications.findByProductIdIgnoreCase(productId)
                .filter(other -> !other.id().equals(owner))
                .ifPresent(other -> {
                    throw new ConflictException("product id '" + productId + "' belongs to " + other.name());
                });
    }

    // --- packages -----------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<UpdatePackage> packages(String applicationReference) {
        return packages.findByApplicationIdOrderByCreatedAtDesc(application(applicationReference).id());
    }

    @Transactional(readOnly = true)
    public UpdatePackage pkg(String applicationReference, UUID packageId) {
        var application = application(applicationReference);
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

    @Transactional(readOnly = true)
    public Optional<UpdatePackage> findPackage(UUID applicationId, String version, Arch arch) {
        return packages.findByApplicationIdAndVersionAndArch(applicationId, version, arch)
                .or(() -> packages.findByApplicationIdAndVersionAndArch(applicationId, version, Arch.ALL));
    }

    public UpdatePackage createPackage(String applicationReference, PackageContent content) {
        return createPackage(applicationReference, null, content);
    }

    /** @param id the new package's id, when its files are already stored under it (mirroring); else generated */
    public UpdatePackage createPackage(String applicationReference, UUID id, PackageContent content) {
        var application = application(applicationReference);
        PackageRules.check(content);
        if (packages.existsByApplicationIdAndVersionAndArch(application.id(), content.version(), content.arch())) {
            throw new ConflictException("version " + content.version() + " for " + content.arch().wireName()
                    + " already exists in " + application.name());
        }
        var pkg = packages.save(new UpdatePackage(id == null ? UUID.randomUUID() : id, application.id(), content));
        audit.record("package.create", "package", pkg.id(), null, pkg.snapshot());
        return pkg;
    }

    public UpdatePackage updatePackage(String applicationReference, UUID packageId, PackageContent content) {
        var pkg = pkg(applicationReference, packageId);
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
        audit.record("package.update", "package", pkg.id(), before, pkg.snapshot());
        return pkg;
    }

    public void deletePackage(String applicationReference, UUID packageId) {
        var pkg = pkg(applicationReference, packageId);
        if (channels.existsByPackageId(pkg.id())) {
            throw new ConflictException("a channel serves package " + pkg.version() + ": point it elsewhere first");
        }
        if (!floors.findByIdPackageId(pkg.id()).isEmpty()) {
            throw new ConflictException("package " + pkg.version() + " is a floor of a channel: remove the floor first");
        }
        packages.delete(pkg);
        audit.record("package.delete", "package", pkg.id(), pkg.snapshot(), null);
        publisher.publishEvent(new PackageDeleted(pkg.applicationId(), pkg.id()));
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
        audit.record("package.file", "package", pkg.id(), before, pkg.snapshot());
        return pkg;
    }

    // --- revocation ---------------------------------------------------------------------------

    /**
     * Withdraws a version from one channel or (no channel) every channel of the application. It is
     * never offered there again; channels serving it, or requiring it as a floor, must move first.
     */
    public PackageRevocation revoke(String applicationReference, UUID packageId, UUID channelId, String reason,
            String actor) {
        var pkg = pkg(applicationReference, packageId);
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "say why the version is revoked");
        }
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
        audit.record("package.revoke", "package", pkg.id(), null, java.util.Map.of(
                "version", pkg.version(), "channelId", String.valueOf(channelId), "reason", revocation.reason()));
        var where = only == null ? "every channel" : "channel %s (%s)".formatted(only.name(), only.arch().wireName());
        activity.record(new Activity.Entry(ActivityKind.PACKAGE_REVOKED, Severity.WARNING, pkg.applicationId(), null,
                channelId, null, pkg.version(), actor,
                "%s revoked from %s: %s".formatted(pkg.version(), where, revocation.reason())));
        publisher.publishEvent(new PackageRevoked(pkg.applicationId(), pkg.id(), pkg.version(), pkg.arch(), channelId,
                only == null ? null : only.name(), revocation.reason(), actor, revocation.createdAt()));
        return revocation;
    }

    @Transactional(readOnly = true)
    public List<PackageRevocation> revocations(String applicationReference, UUID packageId) {
        return revocations.findByPackageIdOrderByCreatedAt(pkg(applicationReference, packageId).id());
    }

    @Transactional(readOnly = true)
    public boolean isRevoked(UUID packageId, UUID channelId) {
        return revocations.findByPackageIdOrderByCreatedAt(packageId).stream().anyMatch(r -> r.covers(channelId));
    }

    // --- floors -------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<ChannelFloor> floors(String applicationReference, UUID channelId) {
        return floors.findByIdChannelId(channel(applicationReference, channelId).id());
    }

    /** Makes a package mandatory for every node on the channel that is below it. */
    public ChannelFloor addFloor(String applicationReference, UUID channelId, UUID packageId, String reason) {
        var channel = channel(applicationReference, channelId);
        var pkg = packages.findByIdAndApplicationId(packageId, channel.applicationId())
                .orElseThrow(() -> new InvalidInputException("packageId", "no such package in this application"));
        if (!pkg.arch().runsOn(channel.arch())) {
            throw new InvalidInputException("packageId",
                    "is built for " + pkg.arch().wireName() + ", the channel serves " + channel.arch().wireName());
        }
        if (isRevoked(pkg.id(), channel.id())) {
            throw new ConflictException(pkg.version() + " is revoked for this channel and cannot be a floor");
        }
        if (floors.existsById(new ChannelFloor.Id(channel.id(), pkg.id()))) {
            throw new ConflictException(pkg.version() + " is already a floor of this channel");
        }
        var floor = floors.save(new ChannelFloor(channel.id(), pkg.id(), reason, clock.instant()));
        audit.record("channel.floor.add", "channel", channel.id(), null,
                java.util.Map.of("packageId", pkg.id(), "version", pkg.version(), "reason", floor.reason()));
        return floor;
    }

    public void removeFloor(String applicationReference, UUID channelId, UUID packageId) {
        var channel = channel(applicationReference, channelId);
        var floor = floors.findById(new ChannelFloor.Id(channel.id(), packageId))
                .orElseThrow(() -> NotFoundException.of("floor", packageId));
        floors.delete(floor);
        audit.record("channel.floor.remove", "channel", channel.id(),
                java.util.Map.of("packageId", floor.packageId(), "reason", floor.reason()), null);
    }

    /**
     * The steps from {@code fromVersion} to the channel's {@code target}: floors strictly between them
     * in version order, then the target (marked a floor too when it is one).
     */
    @Transactional(readOnly = true)
    public UpdatePath updatePath(Channel channel, UpdatePackage target, String fromVersion) {
        var channelFloors = floors.findByIdChannelId(channel.id());
        if (channelFloors.isEmpty()) {
            return new UpdatePath(List.of(new UpdatePath.Step(target, false, null, true)));
        }
        var reasons = new java.util.HashMap<UUID, String>();
        channelFloors.forEach(f -> reasons.put(f.packageId(), f.reason()));
        var steps = new java.util.ArrayList<UpdatePath.Step>();
        packages.findAllById(reasons.keySet()).stream()
                .filter(p -> Versions.isNewer(p.version(), fromVersion) && Versions.isNewer(target.version(), p.version()))
                .sorted((a, b) -> Versions.compare(a.version(), b.version()))
                .forEach(p -> steps.add(new UpdatePath.Step(p, true, reasons.get(p.id()), false)));
        var targetIsFloor = reasons.containsKey(target.id());
        steps.add(new UpdatePath.Step(target, targetIsFloor, targetIsFloor ? reasons.get(target.id()) : null, true));
        return new UpdatePath(steps);
    }

    // --- channels -----------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<Channel> channels(String applicationReference) {
        return channels.findByApplicationIdOrderByNameAscArchAsc(application(applicationReference).id());
    }

    @Transactional(readOnly = true)
    public Channel channel(String applicationReference, UUID channelId) {
        var application = application(applicationReference);
        return channels.findByIdAndApplicationId(channelId, application.id())
                .orElseThrow(() -> NotFoundException.of("channel", channelId));
    }

    @Transactional(readOnly = true)
    public Optional<Channel> findChannel(UUID channelId) {
        return channels.findById(channelId);
    }

    /** Every channel of every application (the hot path keeps them in memory). */
    @Transactional(readOnly = true)
    public List<Channel> allChannels() {
        return channels.findAll();
    }

    public Channel createChannel(String applicationReference, String name, Arch arch, UUID packageId, String actor) {
        var application = application(applicationReference);
        if (channels.existsByApplicationIdAndNameAndArch(application.id(), name, arch)) {
            throw new ConflictException("channel " + name + " for " + arch.wireName() + " already exists");
        }
        var channel = channels.save(new Channel(application.id(), name, arch));
        serve(channel, packageId, actor);
        audit.record("channel.create", "channel", channel.id(), null, channel.snapshot());
        return channel;
    }

    public Channel updateChannel(String applicationReference, UUID channelId, String name, Arch arch, UUID packageId,
            String actor, Long expectedVersion) {
        var channel = channel(applicationReference, channelId);
        channel.expectVersion(expectedVersion);
        var renamed = !channel.name().equals(name) || channel.arch() != arch;
        if (renamed && channels.existsByApplicationIdAndNameAndArch(channel.applicationId(), name, arch)) {
            throw new ConflictException("channel " + name + " for " + arch.wireName() + " already exists");
        }
        var before = channel.snapshot();
        serve(channel, packageId, actor);
        channel.rename(name, arch);
        audit.record("channel.update", "channel", channel.id(), before, channel.snapshot());
        return channel;
    }

    /** Points a channel at one of the application's packages: the release its groups roll out next. */
    public Channel promote(String applicationReference, UUID channelId, UUID packageId, String actor,
            Long expectedVersion) {
        var channel = channel(applicationReference, channelId);
        channel.expectVersion(expectedVersion);
        var before = channel.snapshot();
        serve(channel, packageId, actor);
        audit.record("channel.promote", "channel", channel.id(), before, channel.snapshot());
        return channel;
    }

    /** Every change of a channel's package starts a new rollout in the groups that follow it. */
    private void serve(Channel channel, UUID packageId, String actor) {
        var pkg = packageToServe(channel.applicationId(), packageId);
        if (pkg != null && isRevoked(pkg.id(), channel.id())) {
            throw new ConflictException(pkg.version() + " is revoked for this channel and cannot be served");
        }
        var previous = channel.packageId();
        channel.serve(pkg);
        if (pkg == null || pkg.id().equals(previous)) {
            return;
        }
        channels.flush();
        activity.record(new Activity.Entry(ActivityKind.CHANNEL_PROMOTED, Severity.INFO, channel.applicationId(), null,
                channel.id(), null, pkg.version(), actor,
                "Channel %s (%s) now serves %s".formatted(channel.name(), channel.arch().wireName(), pkg.version())));
        publisher.publishEvent(new ChannelPromoted(channel.applicationId(), channel.id(), pkg.id(), pkg.version(), actor));
    }

    // --- rollback -----------------------------------------------------------------------------

    /**
     * Rolls a channel back to an older, non-revoked package of its arch: the channel serves it, and its
     * groups offer it to nodes on newer versions too, paced by each group's policy like any rollout.
     */
    public Channel rollBack(String applicationReference, UUID channelId, UUID packageId, String reason, String actor,
            Long expectedVersion) {
        var channel = channel(applicationReference, channelId);
        channel.expectVersion(expectedVersion);
        return rollBack(channel, packageId, reason, actor, false);
    }

    /**
     * Revokes a version and, in the same transaction, rolls back every channel (of the revocation's scope)
     * that serves it: to {@code toPackageId}, or else to each channel's newest older non-revoked package.
     *
     * @param channelId the one channel to revoke it from, or {@code null} for every channel
     */
    public PackageRevocation revokeAndRollBack(String applicationReference, UUID packageId, UUID channelId,
            UUID toPackageId, String reason, String actor) {
        var pkg = pkg(applicationReference, packageId);
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "say why the version is revoked");
        }
        var scope = channelId == null
                ? channels.findByApplicationIdOrderByNameAscArchAsc(pkg.applicationId())
                : List.of(channels.findByIdAndApplicationId(channelId, pkg.applicationId())
                        .orElseThrow(() -> new InvalidInputException("channelId", "no such channel in this application")));
        var serving = scope.stream().filter(c -> pkg.id().equals(c.packageId())).toList();
        if (serving.isEmpty()) {
            throw new ConflictException("no channel there serves %s: revoke it without a rollback".formatted(pkg.version()));
        }
        for (var channel : serving) {
            var target = toPackageId != null ? toPackageId : previousPackage(channel, pkg)
                    .orElseThrow(() -> new InvalidInputException("toPackageId",
                            "channel %s (%s) has no older non-revoked package than %s: name the package to roll back to"
                                    .formatted(channel.name(), channel.arch().wireName(), pkg.version())))
                    .id();
            rollBack(channel, target, reason, actor, true);
        }
        return revoke(applicationReference, packageId, channelId, reason, actor);
    }

    /** The newest package older than {@code pkg} that the channel could serve: its arch, not revoked there. */
    private Optional<UpdatePackage> previousPackage(Channel channel, UpdatePackage pkg) {
        return packages.findByApplicationIdOrderByCreatedAtDesc(channel.applicationId()).stream()
                .filter(p -> p.arch().runsOn(channel.arch()))
                .filter(p -> Versions.isNewer(pkg.version(), p.version()))
                .filter(p -> !isRevoked(p.id(), channel.id()))
                .max((a, b) -> Versions.compare(a.version(), b.version()));
    }

    /** What rolling a channel back to a package would do, checked by the same rules as the rollback itself. */
    public record RollbackPlan(Channel channel, UpdatePackage from, UpdatePackage to) {}

    /** Checks a rollback without making it (the dashboard's confirmation step). */
    @Transactional(readOnly = true)
    public RollbackPlan planRollback(String applicationReference, UUID channelId, UUID packageId, String reason) {
        return rollbackPlan(channel(applicationReference, channelId), packageId, reason, "packageId");
    }

    private RollbackPlan rollbackPlan(Channel channel, UUID packageId, String reason, String field) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "say why the channel is rolled back");
        }
        if (packageId == null) {
            throw new InvalidInputException(field, "choose the package to roll back to");
        }
        var pkg = packages.findByIdAndApplicationId(packageId, channel.applicationId())
                .orElseThrow(() -> new InvalidInputException(field, "no such package in this application"));
        if (!pkg.arch().runsOn(channel.arch())) {
            throw new InvalidInputException(field,
                    "is built for " + pkg.arch().wireName() + ", the channel serves " + channel.arch().wireName());
        }
        var current = channel.packageId() == null ? null : packages.findById(channel.packageId()).orElse(null);
        if (current == null) {
            throw new ConflictException("channel %s (%s) serves nothing: promote a package instead"
                    .formatted(channel.name(), channel.arch().wireName()));
        }
        if (!Versions.isNewer(current.version(), pkg.version())) {
            throw new InvalidInputException(field, "%s is not older than %s, which the channel serves: roll forward by promoting it"
                    .formatted(pkg.version(), current.version()));
        }
        if (isRevoked(pkg.id(), channel.id())) {
            throw new InvalidInputException(field, pkg.version() + " is revoked for this channel: choose another package");
        }
        return new RollbackPlan(channel, current, pkg);
    }

    private Channel rollBack(Channel channel, UUID packageId, String reason, String actor, boolean revoking) {
        var plan = rollbackPlan(channel, packageId, reason, revoking ? "toPackageId" : "packageId");
        var current = plan.from();
        var pkg = plan.to();
        var before = channel.snapshot();
        var why = reason.strip();
        var now = clock.instant();
        channel.rollBack(pkg, current.version(), why, actor, now);
        channels.flush();
        audit.record("channel.rollback", "channel", channel.id(), before, channel.snapshot());
        activity.record(new Activity.Entry(ActivityKind.CHANNEL_ROLLED_BACK, Severity.WARNING, channel.applicationId(),
                null, channel.id(), null, pkg.version(), actor,
                "Channel %s (%s) rolled back from %s to %s%s: %s".formatted(channel.name(), channel.arch().wireName(),
                        current.version(), pkg.version(), revoking ? " (" + current.version() + " revoked)" : "", why)));
        // The groups that follow the channel start a rollout of the older package, as on any promotion.
        publisher.publishEvent(new ChannelPromoted(channel.applicationId(), channel.id(), pkg.id(), pkg.version(), actor));
        publisher.publishEvent(new RollbackStarted(channel.applicationId(), channel.id(), channel.name(), channel.arch(),
                current.id(), current.version(), pkg.id(), pkg.version(), why, revoking, actor, now));
        return channel;
    }

    public void deleteChannel(String applicationReference, UUID channelId) {
        var channel = channel(applicationReference, channelId);
        channels.delete(channel);
        channels.flush();
        audit.record("channel.delete", "channel", channel.id(), channel.snapshot(), null);
    }

    private UpdatePackage packageToServe(UUID applicationId, UUID packageId) {
        if (packageId == null) {
            return null;
        }
        return packages.findByIdAndApplicationId(packageId, applicationId)
                .orElseThrow(() -> new InvalidInputException("packageId", "no such package in this application"));
    }
}
