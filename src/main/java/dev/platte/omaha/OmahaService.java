package dev.platte.omaha;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.CatalogService;
import dev.platte.catalog.UpdatePackage;
import dev.platte.catalog.UpdatePath;
import java.util.List;
import java.util.UUID;
import dev.platte.common.LogSafe;
import dev.platte.common.Versions;
import dev.platte.fleet.FleetService;
import dev.platte.fleet.LastSeenBuffer;
import dev.platte.rollout.ServingSnapshot;
import dev.platte.rollout.ServingSnapshots;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
import dev.platte.rollout.policy.RolloutPolicies;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    private final CatalogService catalog;
    private final GroupService groups;
    private final FleetService fleet;
    private final RolloutService rollouts;
    private final OmahaProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final ServingSnapshots serving;
    private final QuickLook quickLook;
    private final LastSeenBuffer lastSeen;
    private final MeterRegistry meters;
    private final RegistrationLimiter registrations;
    private final NodeWarnings warnings = new NodeWarnings(log);
    // Keyed by outcome and path: a closed set, so a plain map stays small.
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    OmahaService(CatalogService catalog, GroupService groups, FleetService fleet, RolloutService rollouts,
            OmahaProperties properties, Clock clock, PlatformTransactionManager transactionManager,
            ServingSnapshots serving, QuickLook quickLook, LastSeenBuffer lastSeen, MeterRegistry meters,
            RegistrationLimiter registrations) {
        this.registrations = registrations;
        this.serving = serving;
        this.quickLook = quickLook;
        this.lastSeen = lastSeen;
        this.meters = meters;
        this.catalog = catalog;
        this.groups = groups;
        this.fleet = fleet;
        this.rollouts = rollouts;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** @throws RegistrationRefusedException before anything is written, when its address registers too fast */
    OmahaResponse answer(OmahaRequest request, String clientIp) {
        var now = clock.instant();
        var pending = request.apps().stream().map(app -> quickOutcome(request, app, clientIp, now)).toList();
        admitNewMachines(pending, clientIp);
        var apps = pending.stream()
                .map(p -> OmahaAnswers.answer(p.app(), p.quick().orElseGet(() -> fullOutcome(request, p, clientIp, now)),
                        properties.pollIntervalSeconds()))
                .toList();
        return new OmahaResponse(properties.serverName(), secondsSinceMidnight(now), apps);
    }

    /**
     * Whether an app id names an application. The snapshot may be a moment behind a catalog change (it is
     * refreshed by the next check that notices), so an application it does not know is looked up: a node of
     * an application created a moment ago must not register unlimited.
     */
    private boolean isApplication(ServingSnapshot snapshot, String appId) {
        return snapshot != null && snapshot.application(appId).isPresent()
                || catalog.findApplication(appId.strip()).isPresent();
    }

    /** An app of the request with its quick answer, if it has one. */
    private record Pending(AppRequest app, long startedNanos, Optional<AppOutcome> quick) {}

    /**
     * Refuses the whole request (429), before anything of it is written, when it would register machines
     * Platte has never seen faster than its address may. Only apps without a quick answer can register.
     */
    private void admitNewMachines(List<Pending> pending, String clientIp) {
        if (!registrations.limits(clientIp)) {
            return;
        }
        var snapshot = serving.current();
        var candidates = pending.stream()
                .filter(p -> p.quick().isEmpty())
                .map(Pending::app)
                .filter(app -> invalidNode(app) == null && isApplication(snapshot, app.appId()))
                .map(AppRequest::machineId)
                .collect(Collectors.toSet());
        if (candidates.isEmpty()) {
            return;
        }
        var wait = registrations.tryRegister(clientIp, fleet.unknownMachines(candidates).size());
        if (wait.isPresent()) {
            throw new RegistrationRefusedException(wait.get());
        }
    }

    private void recordTime(AppOutcome outcome, boolean quick, long startedNanos) {
        // Looked up once per outcome and path: building a meter id per request is measurable on this path.
        timers.computeIfAbsent(outcomeTag(outcome) + (quick ? ":quick" : ":full"), key -> Timer.builder("platte.omaha.requests")
                        .description("Time to answer one app of an Omaha request, by outcome and by path (quick: one read)")
                        .tag("outcome", outcomeTag(outcome))
                        .tag("path", quick ? "quick" : "full")
                        .register(meters))
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    private static String outcomeTag(AppOutcome outcome) {
        return switch (outcome) {
            case AppOutcome.InvalidAppId ignored -> "error-invalid-app-id";
            case AppOutcome.UnknownApplication ignored -> "error-unknown-application";
            case AppOutcome.InvalidMachineId ignored -> "error-invalid-machine-id";
            case AppOutcome.InvalidVersion ignored -> "error-invalid-version";
            case AppOutcome.Acknowledged ignored -> "acknowledged";
            case AppOutcome.UpdateAvailable ignored -> "update";
            case AppOutcome.UpdatePathAvailable ignored -> "update-path";
            case AppOutcome.NoUpdate noUpdate -> "noupdate-" + noUpdate.reason().name().toLowerCase(Locale.ROOT);
        };
    }

    /** The quick answer when the check-in changes nothing; else {@link #fullOutcome} gives the answer. */
    private Pending quickOutcome(OmahaRequest request, AppRequest app, String clientIp, Instant now) {
        var started = System.nanoTime();
        var quick = Optional.ofNullable(invalidInput(app)).or(() -> quickAnswer(request, app, clientIp, now));
        quick.ifPresent(outcome -> recordTime(outcome, true, started));
        return new Pending(app, started, quick);
    }

    /** The full answer, in a transaction. */
    private AppOutcome fullOutcome(OmahaRequest request, Pending pending, String clientIp, Instant now) {
        var outcome = transactions.execute(tx -> decide(request, pending.app(), clientIp, now));
        recordTime(outcome, false, pending.startedNanos());
        return outcome;
    }

    /** A malformed app id, answered without touching anything. */
    private static AppOutcome invalidInput(AppRequest app) {
        if (app.appId() == null || app.appId().isBlank()
                || (CatalogService.parseAppId(app.appId()).isEmpty() && !CatalogService.isProductId(app.appId().strip()))) {
            return new AppOutcome.InvalidAppId();
        }
        return null;
    }

    /** A node id or version that cannot be recorded (checked once the application is known). */
    private static AppOutcome invalidNode(AppRequest app) {
        if (app.machineId() == null || !MACHINE_ID.matcher(app.machineId()).matches()) {
            return new AppOutcome.InvalidMachineId();
        }
        if (app.version() == null || app.version().length() > 255 || !Versions.isValid(app.version())) {
            return new AppOutcome.InvalidVersion();
        }
        return null;
    }

    /**
     * The common case in one round trip: a registered node whose check-in changes nothing (same version,
     * group and details, no event, and a decision it already has) is answered from the serving snapshot
     * and its last-seen time is written later, in a batch. Anything else returns empty, for {@link #decide}.
     */
    private Optional<AppOutcome> quickAnswer(OmahaRequest request, AppRequest app, String clientIp, Instant now) {
        var snapshot = serving.current();
        if (snapshot == null && (snapshot = serving.atLeast(0)) == null) {
            return Optional.empty();
        }
        if (isSyncer(request, app) || isLegacySyncer(request) || !app.events().stream().allMatch(event -> event.type() == null
                || event.result() == null || FleetService.isNoOpEvent(event.type(), event.result(), event.previousVersion()))) {
            return Optional.empty();
        }
        var application = snapshot.application(app.appId()).orElse(null);
        if (application == null) {
            return Optional.empty();
        }
        var invalid = invalidNode(app);
        if (invalid != null) {
            return Optional.of(invalid);
        }
        var arch = archOf(app.board(), request.os());
        var placement = snapshot.placement(application.id(), app.track(), arch).orElse(null);
        var row = quickLook.read(app.machineId(), application.id(), groupIdOf(placement)).orElse(null);
        if (row == null) {
            return Optional.empty();
        }
        if (row.catalogRevision() != snapshot.revision()) {
            // The catalog changed since the snapshot (here or on another replica): answer from a rebuilt
            // one, reading the node again if the change moved it to another group.
            snapshot = serving.atLeast(row.catalogRevision());
            if (snapshot == null || snapshot.revision() != row.catalogRevision()
                    || snapshot.application(app.appId()).isEmpty()) {
                return Optional.empty();
            }
            var moved = snapshot.placement(application.id(), app.track(), arch).orElse(null);
            if (!Objects.equals(groupIdOf(moved), groupIdOf(placement))) {
                row = quickLook.read(app.machineId(), application.id(), groupIdOf(moved)).orElse(null);
                if (row == null || row.catalogRevision() != snapshot.revision()) {
                    return Optional.empty();
                }
            }
            placement = moved;
        }
        var groupId = groupIdOf(placement);
        var known = row.known();
        if (!known.unchangedBy(registration(app, application.id(), groupId, clientIp, now))) {
            return Optional.empty();
        }
        var outcome = app.updateCheck() ? quickDecision(application, app, arch, placement, row, now) : new AppOutcome.Acknowledged();
        if (outcome != null) {
            lastSeen.record(app.machineId(), application.id(), known, app.updateCheck(), now);
        }
        return Optional.ofNullable(outcome);
    }

    /** The decision for an unchanged node, or null when it would change something (a grant, a new hold). */
    private AppOutcome quickDecision(Application application, AppRequest app, Arch arch, ServingSnapshot.Placement placement,
            QuickLook.Row row, Instant now) {
        var known = row.known();
        if (placement == null) {
            warnNoGroup(application, app.track(), arch);
            return new AppOutcome.NoUpdate(NoUpdateReason.NO_GROUP);
        }
        var pollInterval = placement.pollIntervalSeconds();
        var target = placement.target();
        if (target == null) {
            warnNoPackage(placement.groupId(), placement.groupName(), application);
            return new AppOutcome.NoUpdate(NoUpdateReason.NO_PACKAGE, null, pollInterval);
        }
        if (known.updateInProgress() && known.lastGrantedVersion() != null
                && awaitsGrant(known.lastGrantedVersion(), known.version(), target.version(), placement.rollback())) {
            return null;
        }
        if (!behind(target.version(), known.version(), placement.rollback())) {
            return new AppOutcome.NoUpdate(NoUpdateReason.UP_TO_DATE, null, pollInterval);
        }
        var decision = rollouts.glance(placement.groupId(), placement.policy(), target.packageId(), target.version(),
                target.extensions(), row.rollout(), app.machineId(), known.oem(), now);
        if (decision instanceof RolloutDecision.Hold hold && known.heldFor(holdReason(hold))) {
            return new AppOutcome.NoUpdate(NoUpdateReason.HELD, hold.reason(), pollInterval);
        }
        return null;
    }

    private static UUID groupIdOf(ServingSnapshot.Placement placement) {
        return placement == null ? null : placement.groupId();
    }

    private static String holdReason(RolloutDecision.Hold hold) {
        return hold.reason().name().toLowerCase(Locale.ROOT);
    }

    private static Registration registration(AppRequest app, UUID applicationId, UUID groupId, String clientIp,
            Instant now) {
        return new Registration(app.machineId(), applicationId, groupId, app.version(), clientIp,
                clip(app.machineAlias(), 256), clip(app.oem(), 256), clip(app.oemVersion(), 256),
                clip(app.alephVersion(), 256), clip(app.bootId(), 100), app.updateCheck(), now);
    }

    private AppOutcome decide(OmahaRequest request, AppRequest app, String clientIp, Instant now) {
        var application = catalog.findApplication(app.appId()).orElse(null);
        if (application == null) {
            return new AppOutcome.UnknownApplication();
        }
        var invalid = invalidNode(app);
        if (invalid != null) {
            return invalid;
        }
        var arch = archOf(app.board(), request.os());
        var placement = groups.findGroupFor(application.id(), app.track(), arch);
        var state = fleet.register(registration(app, application.id(), placement.map(p -> p.group().id()).orElse(null),
                clientIp, now));
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
            warnNoGroup(application, app.track(), arch);
            return new AppOutcome.NoUpdate(NoUpdateReason.NO_GROUP);
        }
        var group = placement.get().group();
        var pollInterval = group.pollIntervalSeconds();
        var channel = placement.get().channel();
        var target = channel == null || channel.packageId() == null
                ? null
                : catalog.findPackage(channel.packageId()).orElse(null);
        if (target == null) {
            warnNoPackage(group.id(), group.name(), application);
            return new AppOutcome.NoUpdate(NoUpdateReason.NO_PACKAGE, null, pollInterval);
        }
        var syncer = isSyncer(request, app);
        if (syncer && app.targetVersionPrefix() != null) {
            return pinnedRelease(application, channel.id(), arch, app.targetVersionPrefix(), pollInterval);
        }
        var granted = grantedAndNotYetInstalled(state, application, arch, target.version(), channel.isRollback());
        if (granted != null) {
            if (state.status() == InstanceStatus.GRANTED && catalog.isRevoked(granted.id(), channel.id())) {
                fleet.withdrawGrant(state, "revoked", now);
                return new AppOutcome.NoUpdate(NoUpdateReason.REVOKED, null, pollInterval);
            }
            return new AppOutcome.UpdateAvailable(granted, pollInterval);
        }
        if (!behind(target.version(), state.version(), channel.isRollback())) {
            return new AppOutcome.NoUpdate(NoUpdateReason.UP_TO_DATE, null, pollInterval);
        }
        // Floors matter before the decision only to an old syncer; everyone else needs them on a grant.
        if (!syncer && isLegacySyncer(request)
                && catalog.updatePath(channel, target, state.version()).hasFloors()) {
            return new AppOutcome.NoUpdate(NoUpdateReason.FLOORS_NEED_MULTI_MANIFEST, null, pollInterval);
        }
        return switch (rollouts.decide(group, target, state.machineId(), state.oem(), state.createdAt(), now)) {
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
                fleet.hold(state, holdReason(hold), now);
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
    private UpdatePackage grantedAndNotYetInstalled(InstanceAppState state, Application application, Arch arch,
            String targetVersion, boolean rollback) {
        if (!state.updateInProgress() || state.lastGrantedVersion() == null
                || !awaitsGrant(state.lastGrantedVersion(), state.version(), targetVersion, rollback)) {
            return null;
        }
        return catalog.findPackage(application.id(), state.lastGrantedVersion(), arch).orElse(null);
    }

    /** Whether a node on {@code version} is a candidate for {@code target} (a downgrade only under a rollback). */
    private static boolean behind(String target, String version, boolean rollback) {
        return RolloutPolicies.offers(Versions.compare(target, version), rollback);
    }

    /** Whether a granted update is still to be installed: a downgrade grant only while it is the rollback target. */
    private static boolean awaitsGrant(String granted, String version, String target, boolean rollback) {
        return behind(granted, version, rollback && granted.equals(target));
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
    private void warnNoGroup(Application application, String track, Arch arch) {
        var shownTrack = LogSafe.of(track);
        warnings.warn("no-group:" + application.id() + ":" + shownTrack + ":" + arch,
                "No group with track {} for {} in {}: answering noupdate", shownTrack, arch.wireName(),
                LogSafe.of(application.name()));
    }

    private void warnNoPackage(UUID groupId, String groupName, Application application) {
        warnings.warn("no-package:" + groupId, "Group {} of {} has no package to serve: answering noupdate",
                LogSafe.of(groupName), LogSafe.of(application.name()));
    }

    /** Distinct node-caused warnings remembered now (bounded; for tests and measurements). */
    long rememberedWarnings() {
        return warnings.remembered();
    }
}
