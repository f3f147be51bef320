package dev.platte.rollout;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.CatalogService;
import dev.platte.catalog.Channel;
import dev.platte.catalog.UpdatePackage;
import dev.platte.rollout.policy.GroupPolicy;
import dev.platte.rollout.policy.OemExtensions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the update-check hot path needs of the catalog, immutable and labelled with the catalog revision it
 * was read at: applications, groups with their policies, channels and the packages they serve.
 */
public final class ServingSnapshot {

    private final long revision;
    private final Map<UUID, Application> applicationsById;
    private final Map<String, Application> applicationsByProductId;
    private final Map<UUID, UpdateGroup> groupsById;
    private final Map<UUID, Map<String, List<UpdateGroup>>> groupsByApplicationAndTrack;
    private final Map<UUID, GroupPolicy> policies;
    private final Map<UUID, Channel> channelsById;
    private final Map<UUID, Target> targetsById;

    ServingSnapshot(long revision, List<Application> applications, List<UpdateGroup> groups, List<Channel> channels,
            List<UpdatePackage> servedPackages) {
        this.revision = revision;
        this.applicationsById = applications.stream().collect(Collectors.toUnmodifiableMap(Application::id, a -> a));
        this.applicationsByProductId = applications.stream()
                .filter(a -> a.productId() != null && !a.productId().isBlank())
                .collect(Collectors.toUnmodifiableMap(a -> a.productId().toLowerCase(Locale.ROOT), a -> a, (a, b) -> a));
        this.groupsById = groups.stream().collect(Collectors.toUnmodifiableMap(UpdateGroup::id, g -> g));
        this.groupsByApplicationAndTrack = groups.stream().filter(g -> g.track() != null).collect(Collectors.groupingBy(UpdateGroup::applicationId,
                Collectors.groupingBy(UpdateGroup::track, Collectors.toUnmodifiableList())));
        this.policies = groups.stream().collect(Collectors.toUnmodifiableMap(UpdateGroup::id, UpdateGroup::policy));
        this.channelsById = channels.stream().collect(Collectors.toUnmodifiableMap(Channel::id, c -> c));
        this.targetsById = servedPackages.stream()
                .collect(Collectors.toUnmodifiableMap(UpdatePackage::id,
                        p -> new Target(p.id(), p.version(), RolloutService.extensionsOf(p))));
    }

    public long revision() {
        return revision;
    }

    /** The application an Omaha app id names (its UUID, or its product id), as {@link CatalogService#findApplication}. */
    public Optional<Application> application(String appId) {
        var id = CatalogService.parseAppId(appId);
        if (id.isPresent()) {
            return Optional.ofNullable(applicationsById.get(id.get()));
        }
        var trimmed = appId == null ? "" : appId.strip();
        return CatalogService.isProductId(trimmed)
                ? Optional.ofNullable(applicationsByProductId.get(trimmed.toLowerCase(Locale.ROOT)))
                : Optional.empty();
    }

    /** Where a node goes, by the same rule as {@link GroupService#findGroupFor}. */
    public Optional<Placement> placement(UUID applicationId, String track, Arch arch) {
        var byTrack = groupsByApplicationAndTrack.getOrDefault(applicationId, Map.of());
        Function<String, List<UpdateGroup>> groupsByTrack = name -> byTrack.getOrDefault(name, List.of());
        return GroupService.placement(applicationId, track, arch, groupsByTrack,
                        id -> Optional.ofNullable(groupsById.get(id)), id -> Optional.ofNullable(channelsById.get(id)))
                .map(found -> {
                    var group = found.group();
                    var channel = found.channel();
                    var target = channel == null || channel.packageId() == null ? null : targetsById.get(channel.packageId());
                    return new Placement(group.id(), group.name(), policies.get(group.id()), group.pollIntervalSeconds(),
                            channel == null ? null : channel.id(), target, channel != null && channel.isRollback());
                });
    }

    /**
     * @param channelId the channel the group follows, or null
     * @param target the package that channel serves, or null
     * @param rollback whether the channel was rolled back to it (offered to nodes on newer versions too)
     */
    public record Placement(UUID groupId, String groupName, GroupPolicy policy, Integer pollIntervalSeconds,
            UUID channelId, Target target, boolean rollback) {}

    /** @param extensions the OEM extensions the package ships */
    public record Target(UUID packageId, String version, OemExtensions extensions) {}
}
