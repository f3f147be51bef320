package dev.platte.admin.declarative;

import dev.platte.admin.api.ApiRequests.ApplicationRequest;
import dev.platte.admin.api.ApiRequests.ChannelRequest;
import dev.platte.admin.api.ApiRequests.FloorRequest;
import dev.platte.admin.api.ApiRequests.GroupRequest;
import dev.platte.admin.api.ApiRequests.PackageRequest;
import dev.platte.admin.api.ApiRequests.RevocationRequest;
import dev.platte.admin.api.ApiRequests.GateRequest;
import dev.platte.admin.declarative.ConfigDiff.Action;
import dev.platte.admin.declarative.ConfigDiff.Change;
import dev.platte.admin.declarative.ConfigDiff.FieldChange;
import dev.platte.admin.declarative.ConfigDocument.AlertsEntry;
import dev.platte.admin.declarative.ConfigDocument.ApplicationEntry;
import dev.platte.admin.declarative.ConfigDocument.ChannelEntry;
import dev.platte.admin.declarative.ConfigDocument.GroupEntry;
import dev.platte.admin.declarative.ConfigDocument.GroupReference;
import dev.platte.admin.declarative.ConfigDocument.RebootGroupEntry;
import dev.platte.admin.declarative.ConfigDocument.WebhookEntry;
import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.ApplicationService;
import dev.platte.catalog.ChannelService;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.Channel;
import dev.platte.catalog.PackageContent;
import dev.platte.catalog.UpdatePackage;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.WireEnums;
import dev.platte.fleetlock.FleetLockProperties;
import dev.platte.fleetlock.RebootGroupSettings;
import dev.platte.fleetlock.RebootGroupView;
import dev.platte.fleetlock.RebootGroups;
import dev.platte.fleetlock.Tie;
import dev.platte.gate.AlertMatchers;
import dev.platte.gate.AlertReceiver;
import dev.platte.gate.Gate;
import dev.platte.gate.GateService;
import dev.platte.notification.Webhook;
import dev.platte.notification.WebhookService;
import dev.platte.notification.WebhookSpec;
import dev.platte.payload.PayloadAccessService;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.StringNode;

/**
 * Makes the server match a {@link ConfigDocument}, in the caller's transaction, through the catalog and
 * group services, so every rule is checked by its one owner; only what differs is changed, so applying
 * a document twice changes (and audits) nothing. Errors name their place in the document, such as
 * {@code applications[0].groups[1].policy.pollIntervalSeconds}. Without {@code prune} nothing is deleted;
 * with it, packages, channels, floors, groups, gates and webhooks of the named applications that the
 * document does not list are, and so are the top-level webhooks and configured reboot groups when the
 * document has those lists. Applications the document does not name are left alone, and revocations are
 * never undone.
 */
@Component
class ConfigApplier {

    static final int MAX_PROBLEMS = 100;

    private final ApplicationService applicationService;
    private final PackageService packageService;
    private final ChannelService channelService;
    private final GroupService groups;
    private final GateService gates;
    private final AlertReceiver alerts;
    private final WebhookService webhooks;
    private final RebootGroups rebootGroups;
    private final FleetLockProperties fleetLock;
    private final PayloadAccessService payloadAccess;
    private final SecretReferences secrets;
    private final Validator validator;

    ConfigApplier(ApplicationService applicationService, PackageService packageService,
            ChannelService channelService, GroupService groups, GateService gates, AlertReceiver alerts,
            WebhookService webhooks, RebootGroups rebootGroups, FleetLockProperties fleetLock,
            PayloadAccessService payloadAccess, SecretReferences secrets, Validator validator) {
        this.applicationService = applicationService;
        this.packageService = packageService;
        this.channelService = channelService;
        this.groups = groups;
        this.gates = gates;
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.rebootGroups = rebootGroups;
        this.fleetLock = fleetLock;
        this.payloadAccess = payloadAccess;
        this.secrets = secrets;
        this.validator = validator;
    }

    /**
     * What an apply did besides what an export shows: a webhook secret replaced (the export names only
     * where the secret comes from, which may stay the same while the secret there changed).
     */
    record Applied(List<Application> applications, List<Change> hiddenChanges) {}

    /**
     * Checks what can be checked without the database: the format, duplicates and every entry's shape;
     * refuses the document with every problem found (one per entry, up to {@value #MAX_PROBLEMS}).
     */
    void checkShape(ConfigDocument document) {
        if (!ConfigDocument.API_VERSION.equals(document.apiVersion())) {
            throw new InvalidInputException("apiVersion", "must be " + ConfigDocument.API_VERSION);
        }
        if (!ConfigDocument.KIND.equals(document.kind())) {
            throw new InvalidInputException("kind", "must be " + ConfigDocument.KIND);
        }
        var problems = new ArrayList<InvalidInputException.Problem>();
        var applicationKeys = new HashSet<String>();
        var webhookNames = new HashSet<String>();
        for (int i = 0; i < document.applications().size(); i++) {
            var path = "applications[" + i + "]";
            var entry = document.applications().get(i);
            collect(problems, () -> {
                notNull(entry, path);
                check(path, new ApplicationRequest(entry.appId(), entry.name(), entry.description(), entry.productId()),
                        field -> field.equals("id") ? "appId" : field);
                unique(applicationKeys, applicationKey(entry), path, "another application has this product id or name");
            });
            if (entry != null) {
                checkEntries(path, entry, problems);
                for (int j = 0; j < entry.webhooks().size(); j++) {
                    var webhook = entry.webhooks().get(j);
                    var at = path + ".webhooks[" + j + "]";
                    collect(problems, () -> checkWebhook(at, webhook, webhookNames, true));
                }
            }
        }
        if (document.webhooks() != null) {
            for (int j = 0; j < document.webhooks().size(); j++) {
                var webhook = document.webhooks().get(j);
                var at = "webhooks[" + j + "]";
                collect(problems, () -> checkWebhook(at, webhook, webhookNames, false));
            }
        }
        if (document.rebootGroups() != null) {
            var names = new HashSet<String>();
            for (int j = 0; j < document.rebootGroups().size(); j++) {
                var rebootGroup = document.rebootGroups().get(j);
                var at = "rebootGroups[" + j + "]";
                collect(problems, () -> checkRebootGroup(at, rebootGroup, names));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
        }
    }

    private static void collect(List<InvalidInputException.Problem> problems, Runnable check) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
    }

    private void checkEntries(String path, ApplicationEntry entry, List<InvalidInputException.Problem> problems) {
        var keys = new HashSet<String>();
        for (int j = 0; j < entry.packages().size(); j++) {
            var pkg = entry.packages().get(j);
            var at = path + ".packages[" + j + "]";
            collect(problems, () -> {
                notNull(pkg, at);
                check(at, pkg, UnaryOperator.identity());
                unique(keys, pkg.version() + "/" + pkg.arch(), at, "another package has this version and arch");
            });
        }
        keys.clear();
        for (int j = 0; j < entry.channels().size(); j++) {
            var channel = entry.channels().get(j);
            var at = path + ".channels[" + j + "]";
            collect(problems, () -> checkChannel(at, channel, keys));
        }
        keys.clear();
        for (int j = 0; j < entry.groups().size(); j++) {
            var group = entry.groups().get(j);
            var at = path + ".groups[" + j + "]";
            collect(problems, () -> checkGroup(at, group, keys));
        }
        keys.clear();
        for (int j = 0; j < entry.revocations().size(); j++) {
            var revocation = entry.revocations().get(j);
            var at = path + ".revocations[" + j + "]";
            collect(problems, () -> {
                notNull(revocation, at);
                required(revocation.version(), at + ".version");
                checkValue(at, PackageRequest.class, "arch", revocation.arch(), "arch");
                check(at, new RevocationRequest(revocation.reason(), null), UnaryOperator.identity());
                unique(keys, revocation.version() + "/" + revocation.arch(), at, "this version is revoked already");
            });
        }
    }

    private void checkChannel(String at, ChannelEntry channel, Set<String> keys) {
        notNull(channel, at);
        check(at, new ChannelRequest(channel.name(), channel.arch(), null), UnaryOperator.identity());
        unique(keys, channel.name() + "/" + channel.arch(), at, "another channel has this name and arch");
        var versions = new HashSet<String>();
        for (int k = 0; k < channel.floors().size(); k++) {
            var floor = channel.floors().get(k);
            var floorAt = at + ".floors[" + k + "]";
            notNull(floor, floorAt);
            required(floor.version(), floorAt + ".version");
            checkValue(floorAt, FloorRequest.class, "reason", floor.reason());
            unique(versions, floor.version(), floorAt, "this version is a floor already");
        }
        versions.clear();
        for (int k = 0; k < channel.revocations().size(); k++) {
            var revocation = channel.revocations().get(k);
            var revocationAt = at + ".revocations[" + k + "]";
            notNull(revocation, revocationAt);
            required(revocation.version(), revocationAt + ".version");
            check(revocationAt, new RevocationRequest(revocation.reason(), null), UnaryOperator.identity());
            unique(versions, revocation.version(), revocationAt, "this version is revoked already");
        }
    }

    private void checkGroup(String at, GroupEntry group, Set<String> keys) {
        notNull(group, at);
        check(at, new GroupRequest(group.name(), group.description(), group.track(), null, group.policy()),
                UnaryOperator.identity());
        if (group.channel() != null) {
            required(group.arch(), at + ".arch");
            checkValue(at, ChannelRequest.class, "name", group.channel(), "channel");
            checkValue(at, ChannelRequest.class, "arch", group.arch(), "arch");
        } else if (group.arch() != null) {
            throw new InvalidInputException(at + ".arch", "names the arch of the group's channel: set channel too");
        }
        unique(keys, group.name(), at, "another group has this name");
        var gateNames = new HashSet<String>();
        for (int k = 0; k < group.gates().size(); k++) {
            var gate = group.gates().get(k);
            var gateAt = at + ".gates[" + k + "]";
            notNull(gate, gateAt);
            check(gateAt, gate, UnaryOperator.identity());
            var settings = at(gateAt, f -> f, gate::toSettings);
            unique(gateNames, settings.name(), gateAt, "another gate of the group has this name");
        }
    }

    private void checkWebhook(String at, WebhookEntry webhook, Set<String> names, boolean inApplication) {
        notNull(webhook, at);
        check(at, spec(webhook, null, null, null), ConfigApplier::webhookField);
        if (webhook.group() != null && !inApplication) {
            throw new InvalidInputException(at + ".group", "a webhook for one group belongs in its application's webhooks");
        }
        if (webhook.secretRef() != null) {
            SecretReferences.format(webhook.secretRef(), at + ".secretRef");
        }
        unique(names, webhook.name().strip(), at, "another webhook has this name");
    }

    private static void checkRebootGroup(String at, RebootGroupEntry rebootGroup, Set<String> names) {
        notNull(rebootGroup, at);
        if (!RebootGroups.isValidName(rebootGroup.name())) {
            throw new InvalidInputException(at + ".name", "must match ^[a-zA-Z0-9.-]+$ and be at most "
                    + RebootGroups.MAX_GROUP_LENGTH + " characters");
        }
        var tie = WireEnums.parse(at + ".tie", rebootGroup.tie(), Tie.values());
        if ((tie == Tie.GROUP) != (rebootGroup.tiedGroup() != null)) {
            throw new InvalidInputException(at + ".tiedGroup", "name the group exactly when tie is group");
        }
        if (rebootGroup.tiedGroup() != null) {
            required(rebootGroup.tiedGroup().application(), at + ".tiedGroup.application");
            required(rebootGroup.tiedGroup().group(), at + ".tiedGroup.group");
        }
        unique(names, rebootGroup.name(), at, "another reboot group has this name");
    }

    /** The application an entry names: by product id, else by name. */
    Optional<Application> find(ApplicationEntry entry) {
        if (entry.productId() != null && !entry.productId().isBlank()) {
            var byProductId = applicationService.findApplication(entry.productId().strip());
            if (byProductId.isPresent()) {
                return byProductId;
            }
        }
        return applicationService.applications().stream().filter(a -> a.name().equals(entry.name())).findFirst();
    }

    /** Applies a document {@link #checkShape checked} before; answers the applications it names. */
    Applied apply(ConfigDocument document, boolean prune, String actor) {
        var applications = new ArrayList<Application>();
        var hidden = new ArrayList<Change>();
        for (int i = 0; i < document.applications().size(); i++) {
            applications.add(apply("applications[" + i + "]", document.applications().get(i), prune, actor, hidden));
        }
        if (document.webhooks() != null) {
            webhooks("", document.webhooks(), null, Map.of(), prune, hidden);
        }
        if (document.rebootGroups() != null) {
            rebootGroups(document.rebootGroups(), prune);
        }
        return new Applied(applications, hidden);
    }

    private Application apply(String path, ApplicationEntry entry, boolean prune, String actor,
            List<Change> hidden) {
        var application = application(path, entry);
        if (entry.credentialsRequired() != null
                && entry.credentialsRequired() != payloadAccess.requiresCredentials(application.id())) {
            payloadAccess.requireCredentials(application.id(), entry.credentialsRequired());
        }
        var packages = packages(path, application, entry);
        var channels = channels(path, application, entry, actor);
        floorsAndRevocations(path, application, entry, channels, prune, actor);
        var followable = new HashMap<String, Channel>();
        if (!prune) {
            channelService.channels(application).forEach(c -> followable.put(key(c.name(), c.arch()), c));
        }
        followable.putAll(channels);
        var keptGroups = groups(path, application, entry, followable, prune);
        var groupIds = new HashMap<String, UUID>();
        groups.groups(application).stream()
                .filter(g -> !prune || keptGroups.contains(g.id()))
                .forEach(g -> groupIds.put(g.name(), g.id()));
        var keptWebhooks = webhooks(path, entry.webhooks(), application, groupIds, false, hidden);
        if (prune) {
            pruneWebhooks(keptWebhooks, application.id());
        }
        if (prune) {
            var keptChannels = channels.values().stream().map(Channel::id).collect(Collectors.toSet());
            var keptPackages = packages.values().stream().map(UpdatePackage::id).collect(Collectors.toSet());
            for (var group : groups.groups(application)) {
                if (!keptGroups.contains(group.id())) {
                    at(path + ".groups", f -> f, () -> groups.deleteGroup(application, group.id()));
                }
            }
            for (var channel : channelService.channels(application)) {
                if (!keptChannels.contains(channel.id())) {
                    at(path + ".channels", f -> f, () -> channelService.deleteChannel(application, channel.id()));
                }
            }
            for (var pkg : packageService.packages(application)) {
                if (!keptPackages.contains(pkg.id())) {
                    at(path + ".packages", f -> f, () -> packageService.deletePackage(application, pkg.id()));
                }
            }
        }
        return application;
    }

    private Application application(String path, ApplicationEntry entry) {
        var existing = find(entry);
        if (existing.isEmpty()) {
            return at(path, f -> f.equals("id") ? "appId" : f,
                    () -> applicationService.createApplication(entry.appId(), entry.name(), entry.description(), entry.productId()));
        }
        var application = existing.get();
        if (entry.appId() != null && !entry.appId().equals(application.id())) {
            throw new InvalidInputException(path + ".appId", "%s has the app id %s here, and an app id cannot change: "
                    .formatted(application.name(), application.id()) + "leave appId out to match by product id or name");
        }
        var same = application.name().equals(entry.name())
                && application.description().equals(orEmpty(entry.description()))
                && Objects.equals(application.productId(), blankToNull(entry.productId()));
        if (same) {
            return application;
        }
        return at(path, f -> f, () -> applicationService.updateApplication(application, entry.name(),
                entry.description(), entry.productId()));
    }

    /** Creates and updates the document's packages; answers every package it names by its key. */
    private Map<String, UpdatePackage> packages(String path, Application application, ApplicationEntry entry) {
        var current = new HashMap<String, UpdatePackage>();
        packageService.packages(application).forEach(p -> current.put(key(p.version(), p.arch()), p));
        var named = new HashMap<String, UpdatePackage>();
        for (int j = 0; j < entry.packages().size(); j++) {
            var request = entry.packages().get(j);
            var at = path + ".packages[" + j + "]";
            var content = at(at, f -> f, request::toContent);
            var existing = current.get(key(content.version(), content.arch()));
            UpdatePackage pkg;
            if (existing == null) {
                pkg = at(at, f -> f, () -> packageService.createPackage(application, content));
            } else if (existing.content().equals(withDescription(content))) {
                pkg = existing;
            } else {
                pkg = at(at, f -> f, () -> packageService.updatePackage(application, existing.id(), content));
            }
            named.put(key(pkg.version(), pkg.arch()), pkg);
        }
        return named;
    }

    /** Creates channels and points them at their packages; answers every channel it names by its key. */
    private Map<String, Channel> channels(String path, Application application,
            ApplicationEntry entry, String actor) {
        var current = new HashMap<String, Channel>();
        channelService.channels(application).forEach(c -> current.put(key(c.name(), c.arch()), c));
        var named = new HashMap<String, Channel>();
        for (int j = 0; j < entry.channels().size(); j++) {
            var channelEntry = entry.channels().get(j);
            var at = path + ".channels[" + j + "]";
            var arch = Arch.fromWireName(channelEntry.arch());
            var packageId = channelEntry.packageVersion() == null
                    ? null
                    : resolve(application, channelEntry.packageVersion(), arch, at + ".package").id();
            var existing = current.get(key(channelEntry.name(), arch));
            Channel channel;
            if (existing == null) {
                channel = at(at, ConfigApplier::channelField,
                        () -> channelService.createChannel(application, channelEntry.name(), arch, packageId, actor));
            } else if (Objects.equals(existing.packageId(), packageId)) {
                channel = existing;
            } else {
                channel = at(at, ConfigApplier::channelField,
                        () -> channelService.promote(application, existing.id(), packageId, actor, null));
            }
            named.put(key(channel.name(), channel.arch()), channel);
        }
        return named;
    }

    private void floorsAndRevocations(String path, Application application, ApplicationEntry entry,
            Map<String, Channel> channels, boolean prune, String actor) {
        // Floors go first, so that a version can stop being a floor and be revoked in one document.
        var wantedFloors = new HashMap<UUID, Map<UUID, String>>();
        for (int j = 0; j < entry.channels().size(); j++) {
            var channelEntry = entry.channels().get(j);
            var channel = channels.get(key(channelEntry.name(), Arch.fromWireName(channelEntry.arch())));
            var wanted = new HashMap<UUID, String>();
            for (int k = 0; k < channelEntry.floors().size(); k++) {
                var floor = channelEntry.floors().get(k);
                var pkg = resolve(application, floor.version(), channel.arch(),
                        path + ".channels[" + j + "].floors[" + k + "].version");
                wanted.put(pkg.id(), orEmpty(floor.reason()).strip());
            }
            wantedFloors.put(channel.id(), wanted);
            for (var floor : channelService.floors(application, channel.id())) {
                var reason = wanted.get(floor.packageId());
                if ((reason == null && prune) || (reason != null && !reason.equals(floor.reason()))) {
                    at(path + ".channels[" + j + "].floors", f -> f,
                            () -> channelService.removeFloor(application, channel.id(), floor.packageId()));
                }
            }
        }
        for (int j = 0; j < entry.revocations().size(); j++) {
            var revocation = entry.revocations().get(j);
            var at = path + ".revocations[" + j + "]";
            var arch = Arch.fromWireName(revocation.arch());
            var pkg = packageService.packages(application).stream()
                    .filter(p -> p.version().equals(revocation.version()) && p.arch() == arch)
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException(at + ".version",
                            "no package %s for %s in this application".formatted(revocation.version(), arch.wireName())));
            var revokedEverywhere = packageService.revocations(application, pkg.id()).stream().anyMatch(r -> r.channelId() == null);
            if (!revokedEverywhere) {
                at(at, f -> f, () -> packageService.revoke(application, pkg.id(), null, revocation.reason(), actor));
            }
        }
        for (int j = 0; j < entry.channels().size(); j++) {
            var channelEntry = entry.channels().get(j);
            var channel = channels.get(key(channelEntry.name(), Arch.fromWireName(channelEntry.arch())));
            for (int k = 0; k < channelEntry.revocations().size(); k++) {
                var revocation = channelEntry.revocations().get(k);
                var at = path + ".channels[" + j + "].revocations[" + k + "]";
                var pkg = resolve(application, revocation.version(), channel.arch(), at + ".version");
                if (!packageService.isRevoked(pkg.id(), channel.id())) {
                    at(at, f -> f, () -> packageService.revoke(application, pkg.id(), channel.id(), revocation.reason(), actor));
                }
            }
        }
        for (int j = 0; j < entry.channels().size(); j++) {
            var channelEntry = entry.channels().get(j);
            var channel = channels.get(key(channelEntry.name(), Arch.fromWireName(channelEntry.arch())));
            var present = new HashSet<UUID>();
            channelService.floors(application, channel.id()).forEach(f -> present.add(f.packageId()));
            var wanted = wantedFloors.get(channel.id());
            for (int k = 0; k < channelEntry.floors().size(); k++) {
                var floor = channelEntry.floors().get(k);
                var at = path + ".channels[" + j + "].floors[" + k + "]";
                var pkg = resolve(application, floor.version(), channel.arch(), at + ".version");
                if (!present.contains(pkg.id())) {
                    at(at, f -> f.equals("packageId") ? "version" : f,
                            () -> channelService.addFloor(application, channel.id(), pkg.id(), wanted.get(pkg.id())));
                }
            }
        }
    }

    /**
     * The indexes of the document's groups, each wave after the group of the document it follows (by name), so
     * that group exists when the wave names it; otherwise in document order. A cycle keeps document order and
     * is refused at the field when applied.
     */
    static List<Integer> previousWavesFirst(List<GroupEntry> entries) {
        var names = new HashSet<String>();
        entries.forEach(e -> names.add(e.name()));
        var order = new ArrayList<Integer>();
        var placed = new HashSet<String>();
        var pending = new ArrayList<Integer>();
        for (int j = 0; j < entries.size(); j++) {
            pending.add(j);
        }
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                int j = it.next();
                var policy = entries.get(j).policy();
                var follows = policy == null || policy.follows() == null ? null : policy.follows().strip();
                if (follows == null || !names.contains(follows) || placed.contains(follows)) {
                    order.add(j);
                    placed.add(entries.get(j).name());
                    it.remove();
                    progress = true;
                }
            }
        }
        order.addAll(pending);
        return order;
    }

    /**
     * Creates and updates the document's groups, following channels of {@code channels} (the document's,
     * and without prune the others too); answers the ids of the groups it names.
     */
    private HashSet<UUID> groups(String path, Application application, ApplicationEntry entry, Map<String, Channel> channels,
            boolean prune) {
        var current = new HashMap<String, UpdateGroup>();
        groups.groups(application).forEach(g -> current.put(g.name(), g));
        var named = new HashSet<UUID>();
        for (int j : previousWavesFirst(entry.groups())) {
            var groupEntry = entry.groups().get(j);
            var at = path + ".groups[" + j + "]";
            var channelId = channelOf(groupEntry, channels, at);
            var request = new GroupRequest(groupEntry.name(), groupEntry.description(), groupEntry.track(), channelId,
                    groupEntry.policy());
            var existing = current.get(groupEntry.name());
            UpdateGroup group;
            if (existing == null) {
                group = at(at, ConfigApplier::groupField,
                        () -> groups.createGroup(application, request.toSpec(UpdateGroup.PolicySettings.defaults())));
            } else {
                var spec = at(at, ConfigApplier::groupField, () -> request.toSpec(existing.policySettings()));
                var same = existing.description().equals(orEmpty(spec.description()))
                        && existing.track().equals(spec.track())
                        && Objects.equals(existing.channelId(), spec.channelId())
                        && (spec.policy() == null || groups.hasPolicy(existing, spec.policy()));
                group = same
                        ? existing
                        : at(at, ConfigApplier::groupField, () -> groups.updateGroup(application, existing.id(), spec, null));
            }
            named.add(group.id());
            gates(at, application, group, groupEntry.gates(), prune);
            alerts(at, application, group, groupEntry.alerts());
        }
        return named;
    }

    /** Creates, changes and (with prune) deletes the group's gates, matched by name, through the gates' service. */
    private void gates(String path, Application application, UpdateGroup group, List<GateRequest> entries, boolean prune) {
        var current = new HashMap<String, Gate>();
        gates.gates(application, group.id()).forEach(g -> current.put(g.name(), g));
        var named = new HashSet<String>();
        for (int k = 0; k < entries.size(); k++) {
            var at = path + ".gates[" + k + "]";
            var settings = at(at, f -> f, entries.get(k)::toSettings);
            var existing = current.get(settings.name());
            if (existing == null) {
                at(at, f -> f, () -> gates.create(application, group.id(), settings));
            } else if (!existing.settings().equals(settings)) {
                at(at, f -> f, () -> gates.update(application, group.id(), existing.id(), settings));
            }
            named.add(settings.name());
        }
        if (prune) {
            for (var gate : current.values()) {
                if (!named.contains(gate.name())) {
                    at(path + ".gates", f -> f, () -> gates.delete(application, group.id(), gate.id()));
                }
            }
        }
    }

    private void alerts(String path, Application application, UpdateGroup group, AlertsEntry entry) {
        if (entry == null) {
            return;
        }
        var current = alerts.settings(application, group.id());
        var wanted = entry.matchers().isEmpty() ? AlertMatchers.defaultFor(group.name()).labels() : entry.matchers();
        if (!current.matchers().labels().equals(wanted) || current.resumeOnResolve() != entry.resumeOnResolve()) {
            at(path + ".alerts", f -> f,
                    () -> alerts.configure(application, group.id(), entry.matchers(), entry.resumeOnResolve()));
        }
    }

    /**
     * Creates and changes webhooks, matched by name (wherever they are now); with prune, deletes those of
     * {@code application} (or, for none, the webhooks of no application) the list does not name.
     *
     * @param application the application whose events they receive; {@code null} for every application's
     * @param groupIds the application's groups by name
     * @return the ids of the webhooks named
     */
    private Set<UUID> webhooks(String path, List<WebhookEntry> entries, Application application,
            Map<String, UUID> groupIds, boolean prune, List<Change> hidden) {
        var current = new HashMap<String, Webhook>();
        webhooks.webhooks().forEach(w -> current.put(w.name(), w));
        var applicationId = application == null ? null : application.id();
        var named = new HashSet<UUID>();
        for (int j = 0; j < entries.size(); j++) {
            var entry = entries.get(j);
            var at = (path.isEmpty() ? "" : path + ".") + "webhooks[" + j + "]";
            UUID groupId = null;
            if (entry.group() != null) {
                groupId = groupIds.get(entry.group());
                if (groupId == null) {
                    throw new InvalidInputException(at + ".group", "no group " + entry.group() + " in this application");
                }
            }
            var ref = entry.secretRef() == null ? null : SecretReferences.format(entry.secretRef(), at + ".secretRef");
            var secret = entry.secretRef() == null ? null : secrets.resolve(entry.secretRef(), at + ".secretRef");
            var existing = current.get(entry.name().strip());
            Webhook webhook;
            if (existing == null) {
                if (secret == null) {
                    throw new InvalidInputException(at + ".secretRef", entry.secretRef() == null
                            ? "a new webhook needs a secret: name where the server reads it (env, property or file)"
                            : "names no secret on this server: set it there before applying");
                }
                var spec = spec(entry, secret, applicationId, groupId);
                check(at, spec, ConfigApplier::webhookField);
                webhook = at(at, ConfigApplier::webhookField, () -> webhooks.create(spec)).webhook();
            } else {
                var rotate = secret != null && !webhooks.hasSecret(existing.id(), secret);
                var spec = spec(entry, rotate ? secret : null, applicationId, groupId);
                check(at, spec, ConfigApplier::webhookField);
                var same = existing.name().equals(spec.name().strip()) && existing.url().equals(spec.url().strip())
                        && existing.format() == spec.format() && existing.events().equals(spec.events())
                        && Objects.equals(existing.applicationId(), applicationId)
                        && Objects.equals(existing.groupId(), groupId) && existing.enabled() == spec.isEnabled();
                webhook = same && !rotate
                        ? existing
                        : at(at, ConfigApplier::webhookField, () -> webhooks.update(existing.id(), spec, null));
                if (rotate) {
                    hidden.add(new Change(Action.UPDATE, "webhook", application == null ? null : application.name(),
                            webhook.name(), List.of(new FieldChange("secret", StringNode.valueOf("(secret)"),
                                    StringNode.valueOf("(replaced from " + ref + ")")))));
                }
            }
            if (ref != null) {
                webhooks.referSecret(webhook.id(), ref);
            }
            named.add(webhook.id());
        }
        if (prune && application == null) {
            pruneWebhooks(named, null);
        }
        return named;
    }

    private void pruneWebhooks(Set<UUID> named, UUID applicationId) {
        for (var webhook : webhooks.webhooks()) {
            if (Objects.equals(webhook.applicationId(), applicationId) && !named.contains(webhook.id())) {
                webhooks.delete(webhook.id());
            }
        }
    }

    private static WebhookSpec spec(WebhookEntry entry, String secret, UUID applicationId, UUID groupId) {
        // A set that keeps a null event, so that the spec's own check refuses it.
        return new WebhookSpec(entry.name(), entry.url(), secret, new LinkedHashSet<>(entry.events()), applicationId,
                groupId, entry.format(), entry.enabled());
    }

    private static String webhookField(String field) {
        if (field.startsWith("events")) {
            return "events";
        }
        return switch (field) {
            case "secret" -> "secretRef";
            case "groupId" -> "group";
            default -> field;
        };
    }

    /** Configures (and with prune deletes) the reboot groups admins configure, matched by name. */
    private void rebootGroups(List<RebootGroupEntry> entries, boolean prune) {
        var current = new HashMap<String, RebootGroupView>();
        rebootGroups.list().forEach(g -> current.put(g.name(), g));
        var named = new HashSet<String>();
        for (int j = 0; j < entries.size(); j++) {
            var entry = entries.get(j);
            var at = "rebootGroups[" + j + "]";
            var tie = WireEnums.parse(at + ".tie", entry.tie(), Tie.values());
            var tiedGroupId = entry.tiedGroup() == null ? null : tiedGroup(at + ".tiedGroup", entry.tiedGroup());
            var settings = new RebootGroupSettings(entry.slots(), tie, tiedGroupId, entry.maxHold(), entry.windowsOnly());
            var existing = current.get(entry.name());
            var same = existing != null && existing.configured()
                    && existing.slots() == (entry.slots() == null ? fleetLock.defaultSlots() : entry.slots())
                    && existing.tie().equals((tie == null ? Tie.TRACK : tie).wireName())
                    && Objects.equals(existing.tie().equals("group") && !existing.tiedGroups().isEmpty()
                            ? existing.tiedGroups().getFirst().groupId() : null, tiedGroupId)
                    && Objects.equals(existing.maxHold(), entry.maxHold())
                    && existing.windowsOnly() == Boolean.TRUE.equals(entry.windowsOnly());
            if (!same) {
                at(at, f -> f.equals("tiedGroupId") ? "tiedGroup" : f, () -> rebootGroups.configure(entry.name(), settings));
            }
            named.add(entry.name());
        }
        if (prune) {
            for (var group : current.values()) {
                if (group.configured() && !named.contains(group.name())) {
                    rebootGroups.delete(group.name());
                }
            }
        }
    }

    private UUID tiedGroup(String at, GroupReference reference) {
        var application = find(new ApplicationEntry(reference.application(), reference.application(), null, null,
                null, null, null, null))
                .orElseThrow(() -> new InvalidInputException(at + ".application",
                        "no application with this product id or name"));
        return groups.groups(application).stream()
                .filter(g -> g.name().equals(reference.group()))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(at + ".group",
                        "no group " + reference.group() + " in " + application.name()))
                .id();
    }

    private static UUID channelOf(GroupEntry entry, Map<String, Channel> channels, String at) {
        if (entry.channel() == null) {
            return null;
        }
        var channel = channels.get(key(entry.channel(), Arch.fromWireName(entry.arch())));
        if (channel == null) {
            throw new InvalidInputException(at + ".channel",
                    "no channel %s for %s in this application".formatted(entry.channel(), entry.arch()));
        }
        return channel.id();
    }

    /** A version as a channel of {@code arch} would serve it: the package for that arch, else one for all. */
    private UpdatePackage resolve(Application application, String version, Arch arch, String field) {
        return packageService.findPackage(application.id(), version, arch)
                .orElseThrow(() -> new InvalidInputException(field,
                        "no package %s for %s or all in this application".formatted(version, arch.wireName())));
    }

    private static String channelField(String field) {
        return field.equals("packageId") ? "package" : field;
    }

    private static String groupField(String field) {
        if (field.startsWith("policy.")) {
            return field;
        }
        return switch (field) {
            case "name", "description", "track" -> field;
            case "channelId" -> "channel";
            default -> "policy." + field;
        };
    }

    /**
     * Runs a service call for the object at {@code path}, naming the place in the document of what it
     * refuses: the field it names, or the object for a clash with what is stored.
     */
    private static <T> T at(String path, UnaryOperator<String> field, Supplier<T> action) {
        try {
            return action.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(path + "." + field.apply(e.field()), e.getMessage());
        } catch (ConflictException | IllegalArgumentException e) {
            throw new InvalidInputException(path, e.getMessage());
        }
    }

    private static void at(String path, UnaryOperator<String> field, Runnable action) {
        at(path, field, () -> {
            action.run();
            return null;
        });
    }

    private void check(String path, Object request, UnaryOperator<String> field) {
        report(path, validator.validate(request), field);
    }

    private void checkValue(String path, Class<?> type, String property, Object value) {
        checkValue(path, type, property, value, property);
    }

    private void checkValue(String path, Class<?> type, String property, Object value, String as) {
        report(path, validator.validateValue(type, property, value), f -> as);
    }

    /** The first problem in path order, so the same document always gets the same answer. */
    private static void report(String path, Set<? extends ConstraintViolation<?>> violations,
            UnaryOperator<String> field) {
        violations.stream()
                .min(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString())
                        .thenComparing(ConstraintViolation::getMessage))
                .ifPresent(v -> {
                    throw new InvalidInputException(path + "." + field.apply(v.getPropertyPath().toString()),
                            v.getMessage());
                });
    }

    private static void notNull(Object entry, String path) {
        if (entry == null) {
            throw new InvalidInputException(path, "must not be empty");
        }
    }

    private static void required(String value, String path) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(path, "must not be blank");
        }
    }

    private static void unique(Set<String> keys, String key, String path, String message) {
        if (!keys.add(key)) {
            throw new InvalidInputException(path, message);
        }
    }

    static String applicationKey(ApplicationEntry entry) {
        return entry.productId() != null && !entry.productId().isBlank()
                ? "product:" + entry.productId().strip().toLowerCase(Locale.ROOT)
                : "name:" + entry.name();
    }

    private static String key(String name, Arch arch) {
        return name + "/" + arch.wireName();
    }

    private static PackageContent withDescription(PackageContent content) {
        return new PackageContent(content.version(), content.arch(), content.type(), content.codebaseUrl(),
                content.fileName(), content.size(), content.sha1(), content.sha256(), orEmpty(content.description()),
                content.extraFiles());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
