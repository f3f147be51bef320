package dev.platte.rollout;

import dev.platte.catalog.CatalogService;
import dev.platte.catalog.Channel;
import dev.platte.catalog.UpdatePackage;
import dev.platte.fleet.FleetStatistics;
import dev.platte.rollout.policy.OemExtensions;
import dev.platte.catalog.Arch;
import dev.platte.catalog.ChannelPromoted;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which OEM system extensions a package lacks for the nodes it is (or would be) served to, and how many
 * nodes each gap affects: what pages, the API and the promote warning show. The hold itself is decided
 * in the rollout policy ({@link OemExtensions#missingFor}); this only counts, by the same rule.
 */
@Service
@Transactional(readOnly = true)
public class ExtensionGuard {

    private final CatalogService catalog;
    private final UpdateGroupRepository groups;
    private final FleetStatistics statistics;
    private final ApplicationEventPublisher publisher;

    ExtensionGuard(CatalogService catalog, UpdateGroupRepository groups, FleetStatistics statistics,
            ApplicationEventPublisher publisher) {
        this.catalog = catalog;
        this.groups = groups;
        this.statistics = statistics;
        this.publisher = publisher;
    }

    /** A promotion that leaves nodes without their extension is worth a warning in the activity feed. */
    @EventListener
    @Transactional
    public void onChannelPromoted(ChannelPromoted promoted) {
        var channel = catalog.findChannel(promoted.channelId()).orElse(null);
        var pkg = catalog.findPackage(promoted.packageId()).orElse(null);
        if (channel == null || pkg == null) {
            return;
        }
        var missing = forChannel(channel, pkg);
        if (!missing.isEmpty()) {
            publisher.publishEvent(new ExtensionsMissing(channel.applicationId(), channel.id(), channel.name(),
                    channel.arch(), pkg.id(), pkg.version(), missing.stream().map(m -> m.message(pkg.version())).toList(),
                    promoted.actor()));
        }
    }

    /**
     * An OEM whose nodes would not find their extension in the package.
     *
     * @param nodes the non-retired nodes of the groups asked about that report this OEM
     */
    public record MissingExtension(String oem, String fileName, long nodes) {

        /** One sentence, as the promote warning and the pages say it. */
        public String message(String version) {
            return "%s lacks %s, needed by %d node%s with OEM %s".formatted(version, fileName, nodes,
                    nodes == 1 ? "" : "s", oem);
        }
    }

    /** What the group's current target lacks for the group's nodes. */
    public List<MissingExtension> forGroup(UpdateGroup group) {
        var target = group.channelId() == null
                ? null
                : catalog.findChannel(group.channelId()).map(Channel::packageId).flatMap(catalog::findPackage).orElse(null);
        return target == null ? List.of() : missing(target, List.of(group.id()));
    }

    /** What {@code pkg} lacks for the nodes of every group following the channel (a promotion's preview). */
    public List<MissingExtension> forChannel(Channel channel, UpdatePackage pkg) {
        return missing(pkg, groups.findByChannelId(channel.id()).stream().map(UpdateGroup::id).toList());
    }

    /** What the channel's current package lacks for its groups' nodes. */
    public List<MissingExtension> forChannel(Channel channel) {
        return channel.packageId() == null
                ? List.of()
                : catalog.findPackage(channel.packageId()).map(pkg -> forChannel(channel, pkg)).orElse(List.of());
    }

    /** What {@code pkg} lacks for the nodes of every group of its application whose channel it can serve. */
    public List<MissingExtension> forPackage(UpdatePackage pkg) {
        return forPackages(List.of(pkg)).getOrDefault(pkg.id(), List.of());
    }

    /** {@link #forPackage} for several packages, reading each arch's counts once; packages lacking nothing are left out. */
    public Map<UUID, List<MissingExtension>> forPackages(List<UpdatePackage> packages) {
        var result = new HashMap<UUID, List<MissingExtension>>();
        var countsByArch = new HashMap<Arch, Map<String, Long>>();
        for (var pkg : packages) {
            var extensions = RolloutService.extensionsOf(pkg);
            if (extensions.oems().isEmpty()) {
                continue;
            }
            var counts = countsByArch.computeIfAbsent(pkg.arch(), arch -> statistics.oemsOfGroups(
                    groups.findByApplicationIdOrderByName(pkg.applicationId()).stream()
                            .filter(group -> group.channelId() != null && catalog.findChannel(group.channelId())
                                    .map(channel -> arch.runsOn(channel.arch())).orElse(false))
                            .map(UpdateGroup::id)
                            .toList()));
            var missing = missing(extensions, counts);
            if (!missing.isEmpty()) {
                result.put(pkg.id(), missing);
            }
        }
        return result;
    }

    /** Whether the package ships OEM extensions at all (without any, no node is affected). */
    public static boolean shipsOemExtensions(UpdatePackage pkg) {
        return !RolloutService.extensionsOf(pkg).oems().isEmpty();
    }

    private List<MissingExtension> missing(UpdatePackage pkg, Collection<UUID> groupIds) {
        var extensions = RolloutService.extensionsOf(pkg);
        if (extensions.oems().isEmpty() || groupIds.isEmpty()) {
            return List.of();
        }
        return missing(extensions, statistics.oemsOfGroups(groupIds));
    }

    private static List<MissingExtension> missing(OemExtensions extensions, Map<String, Long> nodesByOem) {
        return nodesByOem.entrySet().stream()
                .filter(e -> e.getValue() > 0 && extensions.missingFor(e.getKey()))
                .map(e -> new MissingExtension(e.getKey(), OemExtensions.fileNameFor(e.getKey()), e.getValue()))
                .sorted(Comparator.comparingLong(MissingExtension::nodes).reversed().thenComparing(MissingExtension::oem))
                .toList();
    }
}
