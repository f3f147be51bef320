package dev.platte.omaha;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.CatalogService;
import dev.platte.catalog.UpdatePackage;
import dev.platte.catalog.UpdatePath;
import java.util.List;
import java.util.UUID;
import dev.platte.common.Versions;
import dev.platte.fleet.FleetService;
import dev.platte.fleet.InstanceAppState;
import dev.platte.fleet.InstanceStatus;
import dev.platte.fleet.Registration;
import dev.platte.omaha.AppOutcome.NoUpdateReason;
import dev.platte.omaha.protocol.AppRequest;
import dev.platte.omaha.protocol.OmahaRequest;
import dev.platte.omaha.protocol.OmahaResponse;
import dev.platte.omaha.protocol.OsInfo;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.RolloutService;
import dev.platte.rollout.policy.RolloutDecision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answers one Omaha request: per {@code <app>}, in its own transaction, register the node, apply its
 * events, and decide on its update check.
 */
@Service
class OmahaService {

    private static final Logger log = LoggerFactory.getLogger(OmahaService.class);
    private static final Pattern MACHINE_ID = Pattern.compile("[A-Za-z0-9{}_-]{1,100}");
    private static final long WARN_EVERY_MILLIS = 10 * 60 * 1000;

    private final CatalogService catalog;
    private final GroupService groups;
    private final FleetService fleet;
    private final RolloutService rollouts;
    private final OmahaProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Map<String, Long> lastWarnings = new ConcurrentHashMap<>();

    OmahaService(CatalogService catalog, GroupService groups, FleetService fleet, RolloutService rollouts,
            OmahaProperties properties, Clock clock, PlatformTransactionManager transactionManager) {
        this.catalog = catalog;
        this.groups = groups;
        this.fleet = fleet;
        this.rollouts = rollouts;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    OmahaResponse answer(OmahaRequest request, String clientIp) {
        var now = clock.instant();
        var apps = request.apps().stream()
                .map(app -> OmahaAnswers.answer(app, transactions.execute(tx -> decide(request, app, clientIp, now)),
                        properties.pollIntervalSeconds()))
                .toList();
        return new OmahaResponse(properties.serverName(), secondsSinceMidnight(now), apps);
    }

    private AppOutcome decide(OmahaRequest request, AppRequest app, String clientIp, Instant now) {
        if (app.appId() == null || app.appId().isBlank()
                || (CatalogService.parseAppId(app.appId()).isEmpty() && !CatalogService.isProductId(app.appId().strip()))) {
            return new AppOutcome.InvalidAppId();
        }
        var application = catalog.findApplication(app.appId()).orElse(null);
        if (application == null) {
            return new AppOutcome.UnknownApplication();
        }
        if (app.machineId() == null || !MACHINE_ID.matcher(app.machineId()).matches()) {
            return new AppOutcome.InvalidMachineId();
        }
        if (app.version() == null || app.version().length() > 255 || !Versions.isValid(app.version())) {
            return new AppOutcome.InvalidVersion();
        }
        var arch = archOf(app.board(), request.os());
        var placement = groups.findGroupFor(application.id(), app.track(), arch);
        var state = fleet.register(new Registration(
                app.machineId(), application.id(), placement.map(p -> p.group().id()).orElse(null), app.version(),
                clientIp, clip(app.machineAlias(), 256), clip(app.oem(), 256), clip(app.oemVersion(), 256),
                clip(app.alephVersion(), 256), clip(app.bootId(), 100), app.updateCheck(), now));
        for (var event : app.events()) {
            if (event.type() != null && event.result() != null) {
                fleet.recordEvent(state, event.type(), event.result(), event.errorCode(),
                        clip(event.previousVersion(), 255), now);
            }
        }
        if (!app.updateCheck()) {
            return new AppOutcome.Acknowledged();
        }
        if (placement.isEmpty()) {
            warnOnce("no-group:" + application.id() + ":" + app.track() + ":" + arch,
                    "No group with track '{}' for {} in {}: answering noupdate", app.track(), arch.wireName(),
                    application.name());
            return new AppOutcome.NoUpdate(NoUpdateReason.NO_GROUP);
        }
        var group = placement.get().group();
        var pollInterval = group.pollIntervalSeconds();
        var channel = placement.get().channel();
        var target = channel == null || channel.packageId() == null
                ? null
                : catalog.findPackage(channel.packageId()).orElse(null);
        if (target == null) {
            warnOnce("no-package:" + group.id(), "Group '{}' of {} has no package to serve: answering noupdate",
                    group.name(), application.name());
            return new AppOutcome.NoUpdate(NoUpdateReason.NO_PACKAGE, null, pollInterval);
        }
        var syncer = isSyncer(request, app);
        if (syncer && app.targetVersionPrefix() != null) {
            return pinnedRelease(application, channel.id(), arch, app.targetVersionPrefix(), pollInterval);
        }
        var granted = grantedAndNotYetInstalled(state, application, arch);
        if (granted != null) {
            if (state.status() == InstanceStatus.GRANTED && catalog.isRevoked(granted.id(), channel.id())) {
                fleet.withdrawGrant(state, "revoked", now);
                return new AppOutcome.NoUpdate(NoUpdateReason.REVOKED, null, pollInterval);
            }
            return new AppOutcome.UpdateAvailable(granted, pollInterval);
        }
        if (!Versions.isNewer(target.version(), state.version())) {
            return new AppOutcome.NoUpdate(NoUpdateReason.UP_TO_DATE, null, pollInterval);
        }
        // Floors matter before the decision only to an old syncer; everyone else needs them on a grant.
        if (!syncer && isLegacySyncer(request)
                && catalog.updatePath(channel, target, state.version()).hasFloors()) {
            return new AppOutcome.NoUpdate(NoUpdateReason.FLOORS_NEED_MULTI_MANIFEST, null, pollInterval);
        }
        return switch (rollouts.decide(group, target, state.machineId(), now)) {
            case RolloutDecision.Grant ignored -> {
                var path = catalog.updatePath(channel, target, state.version());
                // A syncer takes every step at once, so its grant is the target itself.
                var step = syncer ? target : path.next().pkg();
                fleet.grant(state, step.version(), now);
                yield syncer
                        ? new AppOutcome.UpdatePathAvailable(path, pollInterval)
                        : new AppOutcome.UpdateAvailable(step, pollInterval);
            }
            case RolloutDecision.Hold hold -> {
                fleet.hold(state, hold.reason().name().toLowerCase(Locale.ROOT), now);
                yield new AppOutcome.NoUpdate(NoUpdateReason.HELD, hold.reason(), pollInterval);
            }
        };
    }

    /**
     * A downstream Platte importing one specific release ({@code targetversionprefix}): the package with
     * exactly that version, else the newest one starting with it, whatever the channel serves now. An
     * import is no rollout, so no policy applies and nothing is granted.
     */
    private AppOutcome pinnedRelease(Application application, UUID channelId, Arch arch, String prefix,
            Integer pollInterval) {
        var candidates = catalog.packages(application.id().toString()).stream()
                .filter(p -> p.arch().runsOn(arch))
                .filter(p -> !catalog.isRevoked(p.id(), channelId))
                .filter(p -> p.version().equals(prefix) || p.version().startsWith(prefix))
                .sorted((a, b) -> Versions.compare(b.version(), a.version()))
                .toList();
        var exact = candidates.stream().filter(p -> p.version().equals(prefix)).findFirst();
        var chosen = exact.or(() -> candidates.stream().findFirst());
        if (chosen.isEmpty()) {
            return new AppOutcome.NoUpdate(NoUpdateReason.NO_PACKAGE, null, pollInterval);
        }
        return new AppOutcome.UpdatePathAvailable(
                new UpdatePath(List.of(new UpdatePath.Step(chosen.get(), false, null, true))), pollInterval);
    }

    /** A downstream server syncing from this one (omaha-protocol.md §8): it can take several manifests. */
    private static boolean isSyncer(OmahaRequest request, AppRequest app) {
        return "scheduler".equals(request.installSource()) && app.multiManifestOk();
    }

    /** An old syncer that takes one manifest only: it must not be handed a target past a floor. */
    private static boolean isLegacySyncer(OmahaRequest request) {
        return "scheduler".equals(request.installSource()) && request.version() != null
                && request.version().startsWith("CoreOSUpdateEngine");
    }

    /**
     * A node that was granted an update and asks again before running it gets the same update again,
     * without the policy counting it twice.
     */
    private UpdatePackage grantedAndNotYetInstalled(InstanceAppState state, Application application, Arch arch) {
        if (!state.updateInProgress() || state.lastGrantedVersion() == null
                || !Versions.isNewer(state.lastGrantedVersion(), state.version())) {
            return null;
        }
        return catalog.findPackage(application.id(), state.lastGrantedVersion(), arch).orElse(null);
    }

    /** Node-supplied text is informational: an oversized value is cut to fit, never a reason to fail. */
    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** Arch from update_engine's board, else the Omaha os arch, else amd64. */
    static Arch archOf(String board, OsInfo os) {
        if ("amd64-usr".equals(board)) {
            return Arch.AMD64;
        }
        if ("arm64-usr".equals(board)) {
            return Arch.ARM64;
        }
        var osArch = os == null || os.arch() == null ? "" : os.arch().toLowerCase(Locale.ROOT);
        return switch (osArch) {
            case "arm", "arm64", "aarch64" -> Arch.ARM64;
            default -> Arch.AMD64;
        };
    }

    private static long secondsSinceMidnight(Instant now) {
        return now.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay();
    }

    /** Misconfigurations are seen on every check of every node: say so, but not thousands of times. */
    private void warnOnce(String key, String message, Object... args) {
        var nowMillis = clock.millis();
        var previous = lastWarnings.get(key);
        if (previous == null || nowMillis - previous > WARN_EVERY_MILLIS) {
            lastWarnings.put(key, nowMillis);
            log.warn(message, args);
        }
    }
}
