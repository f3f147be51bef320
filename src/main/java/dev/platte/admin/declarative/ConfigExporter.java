package dev.platte.admin.declarative;

import dev.platte.admin.api.ApiRequests.ExtraFileRequest;
import dev.platte.admin.api.ApiRequests.GateRequest;
import dev.platte.admin.api.ApiRequests.PackageRequest;
import dev.platte.admin.api.ApiRequests.PolicyRequest;
import dev.platte.admin.declarative.ConfigDocument.AlertsEntry;
import dev.platte.admin.declarative.ConfigDocument.ApplicationEntry;
import dev.platte.admin.declarative.ConfigDocument.GroupReference;
import dev.platte.admin.declarative.ConfigDocument.RebootGroupEntry;
import dev.platte.admin.declarative.ConfigDocument.WebhookEntry;
import dev.platte.admin.declarative.ConfigDocument.ChannelEntry;
import dev.platte.admin.declarative.ConfigDocument.GroupEntry;
import dev.platte.admin.declarative.ConfigDocument.RevocationEntry;
import dev.platte.admin.declarative.ConfigDocument.VersionEntry;
import dev.platte.catalog.Application;
import dev.platte.catalog.ApplicationService;
import dev.platte.catalog.ChannelService;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.Channel;
import dev.platte.catalog.UpdatePackage;
import dev.platte.common.Versions;
import dev.platte.fleetlock.RebootGroupView;
import dev.platte.fleetlock.RebootGroups;
import dev.platte.gate.AlertMatchers;
import dev.platte.gate.AlertReceiver;
import dev.platte.gate.GateService;
import dev.platte.notification.Webhook;
import dev.platte.notification.WebhookService;
import dev.platte.payload.PayloadAccessService;
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

/**
 * Reads applications into a {@link ConfigDocument}, every list in the order of its natural keys. Secrets
 * are never read into it: a webhook's secret appears as the reference a document gave for it.
 */
@Component
class ConfigExporter {

    static final Comparator<String> BY_VERSION = Versions::compare;

    private final ApplicationService applicationService;
    private final PackageService packageService;
    private final ChannelService channelService;
    private final GroupService groups;
    private final GateService gates;
    private final AlertReceiver alerts;
    private final WebhookService webhooks;
    private final RebootGroups rebootGroups;
    private final PayloadAccessService payloadAccess;

    ConfigExporter(ApplicationService applicationService, PackageService packageService,
            ChannelService channelService, GroupService groups, GateService gates, AlertReceiver alerts,
            WebhookService webhooks, RebootGroups rebootGroups, PayloadAccessService payloadAccess) {
        this.applicationService = applicationService;
        this.packageService = packageService;
        this.channelService = channelService;
        this.groups = groups;
        this.gates = gates;
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.rebootGroups = rebootGroups;
        this.payloadAccess = payloadAccess;
    }

    /**
     * @param withWebhooks also the webhooks of no application (the document's top-level list)
     * @param withRebootGroups also the reboot groups admins configured
     */
    ConfigDocument export(List<Application> applications, boolean withWebhooks, boolean withRebootGroups) {
        var entries = applications.stream()
                .sorted(Comparator.comparing(Application::name))
                .map(this::entry)
                .toList();
        var globalWebhooks = withWebhooks
                ? webhooks.webhooks().stream().filter(w -> w.applicationId() == null).map(w -> webhook(w, null)).toList()
                : null;
        return new ConfigDocument(ConfigDocument.API_VERSION, ConfigDocument.KIND, entries, globalWebhooks,
                withRebootGroups ? rebootGroups() : null);
    }

    private List<RebootGroupEntry> rebootGroups() {
        var applications = applicationService.applications().stream()
                .collect(Collectors.toMap(Application::id, Function.identity()));
        return rebootGroups.list().stream()
                .filter(RebootGroupView::configured)
                .sorted(Comparator.comparing(RebootGroupView::name))
                .map(view -> {
                    GroupReference tied = null;
                    if (view.tie().equals("group") && !view.tiedGroups().isEmpty()) {
                        var group = view.tiedGroups().getFirst();
                        var application = applications.get(group.applicationId());
                        tied = new GroupReference(application.productId() == null || application.productId().isBlank()
                                ? application.name() : application.productId(), group.name());
                    }
                    return new RebootGroupEntry(view.name(), view.slots(), view.tie(), tied, view.maxHold(),
                            view.windowsOnly() ? Boolean.TRUE : null);
                })
                .toList();
    }

    /** A webhook without its secret: the reference a document gave, else a placeholder to fill in. */
    static WebhookEntry webhook(Webhook webhook, String groupName) {
        return new WebhookEntry(webhook.name(), webhook.url(), webhook.format(),
                webhook.events().stream().sorted().toList(), groupName, webhook.enabled() ? null : Boolean.FALSE,
                webhook.secretRef() == null
                        ? SecretReferences.placeholder(webhook.name())
                        : SecretReferences.parse(webhook.secretRef()));
    }

    private ApplicationEntry entry(Application application) {
        var packages = packageService.packages(application).stream()
                .sorted(Comparator.comparing(UpdatePackage::version, BY_VERSION)
                        .thenComparing(p -> p.arch().wireName()))
                .toList();
        var packagesById = packages.stream().collect(Collectors.toMap(UpdatePackage::id, Function.identity()));
        var channels = channelService.channels(application);
        var channelsById = channels.stream().collect(Collectors.toMap(Channel::id, Function.identity()));

        var everywhere = new ArrayList<RevocationEntry>();
        var perChannel = new HashMap<UUID, List<VersionEntry>>();
        for (var pkg : packages) {
            for (var revocation : packageService.revocations(application, pkg.id())) {
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
                        channelService.floors(application, channel.id()).stream()
                                .map(floor -> new VersionEntry(packagesById.get(floor.packageId()).version(),
                                        floor.reason()))
                                .sorted(Comparator.comparing(VersionEntry::version, BY_VERSION))
                                .toList(),
                        perChannel.getOrDefault(channel.id(), List.of()).stream()
                                .sorted(Comparator.comparing(VersionEntry::version, BY_VERSION))
                                .toList()))
                .toList();

        var applicationGroups = groups.groups(application);
        // A wave names the group it follows, so the document can recreate it anywhere.
        var groupNames = applicationGroups.stream().collect(Collectors.toMap(g -> g.id().toString(), UpdateGroup::name));
        var groupEntries = applicationGroups.stream()
                .sorted(Comparator.comparing(UpdateGroup::name))
                .map(group -> {
                    var channel = group.channelId() == null ? null : channelsById.get(group.channelId());
                    return new GroupEntry(group.name(), group.description(), group.track(),
                            channel == null ? null : channel.name(),
                            channel == null ? null : channel.arch().wireName(),
                            policy(group.policySettings(), groupNames),
                            gates.gates(application, group.id()).stream()
                                    .map(gate -> GateRequest.of(gate.settings()))
                                    .sorted(Comparator.comparing(GateRequest::name))
                                    .toList(),
                            alerts(application, group));
                })
                .toList();

        var webhookEntries = webhooks.webhooks().stream()
                .filter(w -> application.id().equals(w.applicationId()))
                .map(w -> webhook(w, w.groupId() == null ? null : groupNames.get(w.groupId().toString())))
                .toList();

        return new ApplicationEntry(application.name(), application.productId(), application.id(),
                application.description(), payloadAccess.requiresCredentials(application.id()) ? Boolean.TRUE : null,
                packages.stream().map(ConfigExporter::pkg).toList(), channelEntries, groupEntries, everywhere,
                webhookEntries);
    }

    /** The group's Alertmanager settings, unless they are the defaults every group has. */
    private AlertsEntry alerts(Application application, UpdateGroup group) {
        var settings = alerts.settings(application, group.id());
        var matchers = settings.matchers().labels();
        if (!settings.resumeOnResolve() && matchers.equals(AlertMatchers.defaultFor(group.name()).labels())) {
            return null;
        }
        return new AlertsEntry(matchers, settings.resumeOnResolve());
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
        return PolicyRequest.of(settings);
    }
}
