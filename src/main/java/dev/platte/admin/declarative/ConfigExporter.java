package dev.platte.admin.declarative;

import dev.platte.admin.api.ApiRequests.AutoHaltRequest;
import dev.platte.admin.api.ApiRequests.ExtraFileRequest;
import dev.platte.admin.api.ApiRequests.PackageRequest;
import dev.platte.admin.api.ApiRequests.PolicyRequest;
import dev.platte.admin.api.ApiRequests.RampRequest;
import dev.platte.admin.api.ApiRequests.WindowRequest;
import dev.platte.admin.declarative.ConfigDocument.ApplicationEntry;
import dev.platte.admin.declarative.ConfigDocument.ChannelEntry;
import dev.platte.admin.declarative.ConfigDocument.GroupEntry;
import dev.platte.admin.declarative.ConfigDocument.RevocationEntry;
import dev.platte.admin.declarative.ConfigDocument.VersionEntry;
import dev.platte.catalog.Application;
import dev.platte.catalog.CatalogService;
import dev.platte.catalog.Channel;
import dev.platte.catalog.UpdatePackage;
import dev.platte.common.Versions;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Reads applications into a {@link ConfigDocument}, every list in the order of its natural keys. */
@Component
class ConfigExporter {

    static final Comparator<String> BY_VERSION = Versions::compare;

    private final CatalogService catalog;
    private final GroupService groups;

    ConfigExporter(CatalogService catalog, GroupService groups) {
        this.catalog = catalog;
        this.groups = groups;
    }

    ConfigDocument export(List<Application> applications) {
        var entries = applications.stream()
                .sorted(Comparator.comparing(Application::name))
                .map(this::entry)
                .toList();
        return new ConfigDocument(ConfigDocument.API_VERSION, ConfigDocument.KIND, entries);
    }

    private ApplicationEntry entry(Application application) {
        var reference = application.id().toString();
        var packages = catalog.packages(reference).stream()
                .sorted(Comparator.comparing(UpdatePackage::version, BY_VERSION)
                        .thenComparing(p -> p.arch().wireName()))
                .toList();
        var packagesById = packages.stream().collect(Collectors.toMap(UpdatePackage::id, Function.identity()));
        var channels = catalog.channels(reference);
        var channelsById = channels.stream().collect(Collectors.toMap(Channel::id, Function.identity()));

        var everywhere = new ArrayList<RevocationEntry>();
        var perChannel = new HashMap<UUID, List<VersionEntry>>();
        for (var pkg : packages) {
            for (var revocation : catalog.revocations(reference, pkg.id())) {
                if (revocation.channelId() == null) {
                    everywhere.add(new RevocationEntry(pkg.version(), pkg.arch().wireName(), revocation.reason()));
                } else if (channelsById.containsKey(revocation.channelId())) {
                    perChannel.computeIfAbsent(revocation.channelId(), id -> new ArrayList<>())
                            .add(new VersionEntry(pkg.version(), revocation.reason()));
                }
            }
        }

        var channelEntries = channels.stream()
                .sorted(Comparator.comparing(Channel::name).thenComparing(c -> c.arch().wireName()))
                .map(channel -> new ChannelEntry(channel.name(), channel.arch().wireName(),
                        channel.packageId() == null ? null : packagesById.get(channel.packageId()).version(),
                        catalog.floors(reference, channel.id()).stream()
                                .map(floor -> new VersionEntry(packagesById.get(floor.packageId()).version(),
                                        floor.reason()))
                                .sorted(Comparator.comparing(VersionEntry::version, BY_VERSION))
                                .toList(),
                        perChannel.getOrDefault(channel.id(), List.of()).stream()
                                .sorted(Comparator.comparing(VersionEntry::version, BY_VERSION))
                                .toList()))
                .toList();

        var applicationGroups = groups.groups(reference);
        // A wave names the group it follows, so the document can recreate it anywhere.
        var groupNames = applicationGroups.stream().collect(Collectors.toMap(g -> g.id().toString(), UpdateGroup::name));
        var groupEntries = applicationGroups.stream()
                .sorted(Comparator.comparing(UpdateGroup::name))
                .map(group -> {
                    var channel = group.channelId() == null ? null : channelsById.get(group.channelId());
                    return new GroupEntry(group.name(), group.description(), group.track(),
                            channel == null ? null : channel.name(),
                            channel == null ? null : channel.arch().wireName(),
                            policy(group.policySettings(), groupNames));
                })
                .toList();

        return new ApplicationEntry(application.name(), application.productId(), application.id(),
                application.description(), packages.stream().map(ConfigExporter::pkg).toList(), channelEntries,
                groupEntries, everywhere);
    }

    private static PackageRequest pkg(UpdatePackage pkg) {
        return new PackageRequest(pkg.version(), pkg.arch().wireName(), pkg.type().wireName(), pkg.codebaseUrl(),
                pkg.fileName(), pkg.size(), pkg.sha1(), pkg.sha256(), pkg.description(),
                pkg.extraFiles().stream()
                        .map(f -> new ExtraFileRequest(f.name(), f.size(), f.sha1(), f.sha256Hex()))
                        .toList());
    }

    /** As {@link #policy(UpdateGroup.PolicySettings)}, naming the group a wave follows by its name. */
    static PolicyRequest policy(UpdateGroup.PolicySettings settings, Map<String, String> groupNames) {
        var wave = settings.wave();
        return policy(wave == null ? settings : new UpdateGroup.PolicySettings(settings.updatesEnabled(),
                settings.safeMode(), settings.maxUpdatesPerPeriod(), settings.updatePeriod(),
                settings.maxConcurrentUpdates(), settings.updateTimeout(), settings.pollIntervalSeconds(),
                settings.ramp(), settings.autoHalt(), settings.windows(), settings.holdMissingExtension(),
                new UpdateGroup.Wave(groupNames.getOrDefault(wave.follows(), wave.follows()),
                        wave.completionPercent(), wave.soak())));
    }

    /** The policy in the shape the groups API takes, so that applying it back changes nothing. */
    static PolicyRequest policy(UpdateGroup.PolicySettings settings) {
        var ramp = settings.ramp();
        var halt = settings.autoHalt();
        return new PolicyRequest(settings.updatesEnabled(), settings.safeMode(), settings.maxUpdatesPerPeriod(),
                settings.updatePeriod(), settings.maxConcurrentUpdates(), settings.updateTimeout(),
                settings.pollIntervalSeconds(),
                ramp == null ? null : new RampRequest(ramp.startPercent(), ramp.duration()),
                halt == null ? null : new AutoHaltRequest(halt.failureCount(), halt.failurePercent(), halt.minAttempts()),
                settings.windows().stream()
                        .map(w -> new WindowRequest(w.days().stream().sorted().toList(), w.start(), w.end(),
                                w.zone().getId()))
                        .toList(),
                settings.holdMissingExtension(),
                settings.wave() == null ? null : settings.wave().follows(),
                settings.wave() == null ? null : settings.wave().completionPercent(),
                settings.wave() == null ? null : settings.wave().soak());
    }
}
