package dev.platte.catalog;

import dev.platte.audit.AuditTrail;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import dev.platte.common.Versions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Channels of an application: the package each serves (promotion, rollback) and its floors. */
@Service
@Transactional
public class ChannelService {

    private final ChannelRepository channels;
    private final PackageRepository packages;
    private final ChannelFloorRepository floors;
    private final PackageService packageService;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    ChannelService(ChannelRepository channels, PackageRepository packages, ChannelFloorRepository floors,
            PackageService packageService, ApplicationEventPublisher publisher, Clock clock) {
        this.channels = channels;
        this.packages = packages;
        this.floors = floors;
        this.packageService = packageService;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Channel> channels(Application application) {
        return channels.findByApplicationIdOrderByNameAscArchAsc(application.id());
    }

    @Transactional(readOnly = true)
    public Channel channel(Application application, UUID channelId) {
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

    public Channel createChannel(Application application, String name, Arch arch, UUID packageId, String actor) {
        if (channels.existsByApplicationIdAndNameAndArch(application.id(), name, arch)) {
            throw new ConflictException("channel " + name + " for " + arch.wireName() + " already exists");
        }
        var channel = channels.saveAndFlush(new Channel(application.id(), name, arch, clock.instant()));
        serve(channel, packageId, actor);
        publisher.publishEvent(new ChannelCreated(channel.applicationId(), channel.id(), channel.name(), channel.arch(),
                channel.snapshot(), AuditTrail.currentActor()));
        return channel;
    }

    public Channel updateChannel(Application application, UUID channelId, String name, Arch arch, UUID packageId,
            String actor, Long expectedVersion) {
        var channel = channel(application, channelId);
        channel.expectVersion(expectedVersion);
        var renamed = !channel.name().equals(name) || channel.arch() != arch;
        if (renamed && channels.existsByApplicationIdAndNameAndArch(channel.applicationId(), name, arch)) {
            throw new ConflictException("channel " + name + " for " + arch.wireName() + " already exists");
        }
        var before = channel.snapshot();
        serve(channel, packageId, actor);
        channel.rename(name, arch);
        publisher.publishEvent(new ChannelUpdated(channel.applicationId(), channel.id(), before, channel.snapshot(),
                false, AuditTrail.currentActor()));
        return channel;
    }

    /** Points a channel at one of the application's packages: the release its groups roll out next. */
    public Channel promote(Application application, UUID channelId, UUID packageId, String actor,
            Long expectedVersion) {
        var channel = channel(application, channelId);
        channel.expectVersion(expectedVersion);
        var before = channel.snapshot();
        serve(channel, packageId, actor);
        publisher.publishEvent(new ChannelUpdated(channel.applicationId(), channel.id(), before, channel.snapshot(),
                true, AuditTrail.currentActor()));
        return channel;
    }

    /** Every change of a channel's package starts a new rollout in the groups that follow it. */
    private void serve(Channel channel, UUID packageId, String actor) {
        var pkg = packageId == null ? null : packages.findByIdAndApplicationId(packageId, channel.applicationId())
                .orElseThrow(() -> new InvalidInputException("packageId", "no such package in this application"));
        if (pkg != null && packageService.isRevoked(pkg.id(), channel.id())) {
            throw new ConflictException(pkg.version() + " is revoked for this channel and cannot be served");
        }
        channel.serve(pkg, actor);
        // Flushed before the promotion is announced: its listeners start rollouts that read the channel.
        channels.saveAndFlush(channel);
    }

    public void deleteChannel(Application application, UUID channelId) {
        var channel = channel(application, channelId);
        channels.delete(channel);
        channels.flush();
        publisher.publishEvent(new ChannelDeleted(channel.applicationId(), channel.id(), channel.name(), channel.arch(),
                channel.snapshot(), AuditTrail.currentActor()));
    }

    // --- rollback -----------------------------------------------------------------------------

    /**
     * Rolls a channel back to an older, non-revoked package of its arch: the channel serves it, and its
     * groups offer it to nodes on newer versions too, paced by each group's policy like any rollout.
     */
    public Channel rollBack(Application application, UUID channelId, UUID packageId, String reason, String actor,
            Long expectedVersion) {
        var channel = channel(application, channelId);
        channel.expectVersion(expectedVersion);
        return rollBack(channel, packageId, reason, actor, false);
    }

    /**
     * Revokes a version and, in the same transaction, rolls back every channel (of the revocation's scope)
     * that serves it: to {@code toPackageId}, or else to each channel's newest older non-revoked package.
     *
     * @param channelId the one channel to revoke it from, or {@code null} for every channel
     */
    public PackageRevocation revokeAndRollBack(Application application, UUID packageId, UUID channelId,
            UUID toPackageId, String reason, String actor) {
        var pkg = packageService.pkg(application, packageId);
        PackageService.requireReason(reason);
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
        return packageService.revoke(application, packageId, channelId, reason, actor);
    }

    /** The newest package older than {@code pkg} that the channel could serve: its arch, not revoked there. */
    private Optional<UpdatePackage> previousPackage(Channel channel, UpdatePackage pkg) {
        return packages.findByApplicationIdOrderByCreatedAtDesc(channel.applicationId()).stream()
                .filter(p -> p.arch().runsOn(channel.arch()))
                .filter(p -> Versions.isNewer(pkg.version(), p.version()))
                .filter(p -> !packageService.isRevoked(p.id(), channel.id()))
                .max((a, b) -> Versions.compare(a.version(), b.version()));
    }

    /** What rolling a channel back to a package would do, checked by the same rules as the rollback itself. */
    public record RollbackPlan(Channel channel, UpdatePackage from, UpdatePackage to) {}

    /** Checks a rollback without making it (the dashboard's confirmation step). */
    @Transactional(readOnly = true)
    public RollbackPlan planRollback(Application application, UUID channelId, UUID packageId, String reason) {
        return rollbackPlan(channel(application, channelId), packageId, reason, "packageId");
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
        if (packageService.isRevoked(pkg.id(), channel.id())) {
            throw new InvalidInputException(field, pkg.version() + " is revoked for this channel: choose another package");
        }
        return new RollbackPlan(channel, current, pkg);
    }

    private Channel rollBack(Channel channel, UUID packageId, String reason, String actor, boolean revoking) {
        var plan = rollbackPlan(channel, packageId, reason, revoking ? "toPackageId" : "packageId");
        channel.rollBack(plan.from(), plan.to(), reason.strip(), actor, clock.instant(), revoking);
        return channels.saveAndFlush(channel);
    }

    // --- floors -------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<ChannelFloor> floors(Application application, UUID channelId) {
        return floors.findByIdChannelId(channel(application, channelId).id());
    }

    /** Makes a package mandatory for every node on the channel that is below it. */
    public ChannelFloor addFloor(Application application, UUID channelId, UUID packageId, String reason) {
        var channel = channel(application, channelId);
        var pkg = packages.findByIdAndApplicationId(packageId, channel.applicationId())
                .orElseThrow(() -> new InvalidInputException("packageId", "no such package in this application"));
        if (!pkg.arch().runsOn(channel.arch())) {
            throw new InvalidInputException("packageId",
                    "is built for " + pkg.arch().wireName() + ", the channel serves " + channel.arch().wireName());
        }
        if (packageService.isRevoked(pkg.id(), channel.id())) {
            throw new ConflictException(pkg.version() + " is revoked for this channel and cannot be a floor");
        }
        if (floors.existsById(new ChannelFloor.Id(channel.id(), pkg.id()))) {
            throw new ConflictException(pkg.version() + " is already a floor of this channel");
        }
        var floor = floors.save(new ChannelFloor(channel.id(), pkg.id(), reason, clock.instant()));
        publisher.publishEvent(new ChannelFloorAdded(channel.applicationId(), channel.id(), pkg.id(), pkg.version(),
                floor.reason(), AuditTrail.currentActor()));
        return floor;
    }

    public void removeFloor(Application application, UUID channelId, UUID packageId) {
        var channel = channel(application, channelId);
        var floor = floors.findById(new ChannelFloor.Id(channel.id(), packageId))
                .orElseThrow(() -> NotFoundException.of("floor", packageId));
        floors.delete(floor);
        publisher.publishEvent(new ChannelFloorRemoved(channel.applicationId(), channel.id(), floor.packageId(),
                floor.reason(), AuditTrail.currentActor()));
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
        var reasons = new HashMap<UUID, String>();
        channelFloors.forEach(f -> reasons.put(f.packageId(), f.reason()));
        var steps = new ArrayList<UpdatePath.Step>();
        packages.findAllById(reasons.keySet()).stream()
                .filter(p -> Versions.isNewer(p.version(), fromVersion) && Versions.isNewer(target.version(), p.version()))
                .sorted((a, b) -> Versions.compare(a.version(), b.version()))
                .forEach(p -> steps.add(new UpdatePath.Step(p, true, reasons.get(p.id()), false)));
        var targetIsFloor = reasons.containsKey(target.id());
        steps.add(new UpdatePath.Step(target, targetIsFloor, targetIsFloor ? reasons.get(target.id()) : null, true));
        return new UpdatePath(steps);
    }
}
