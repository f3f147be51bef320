package dev.platte.omaha;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.CatalogService;
import java.util.List;
import java.util.UUID;
import dev.platte.common.Versions;
import dev.platte.fleet.FleetService;
import java.util.Objects;
import dev.platte.fleet.LastSeenBuffer;
import dev.platte.rollout.ServingSnapshot;
import dev.platte.rollout.ServingSnapshots;
import java.util.Optional;
import dev.platte.fleet.Registration;
import dev.platte.omaha.AppOutcome.NoUpdateReason;
import dev.platte.omaha.protocol.AppRequest;
import dev.platte.omaha.protocol.OmahaRequest;
import dev.platte.omaha.protocol.OmahaResponse;
import dev.platte.omaha.protocol.OsInfo;
import dev.platte.rollout.RolloutService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Answers one Omaha request, per {@code <app>}: from one read when the check-in changes nothing (the quick
 * path), else by the {@link FullPath} in a transaction (apps that only report, with others': {@link GroupCommit}). Both ask {@link UpdateDecision} what the node gets.
 */
@Service
class OmahaService {

    private static final Pattern MACHINE_ID = Pattern.compile("[A-Za-z0-9{}_-]{1,100}");

    private final CatalogService catalog;
    private final RolloutService rollouts;
    private final OmahaProperties properties;
    private final Clock clock;
    private final FullPath fullPath;
    private final GroupCommit groupCommit;
    private final ServingSnapshots serving;
    private final QuickLook quickLook;
    private final LastSeenBuffer lastSeen;
    private final OmahaTimers timers;
    private final RegistrationLimiter registrations;
    private final NewMachineAdmission admission;
    private final ServingWarnings warnings;

    OmahaService(CatalogService catalog, RolloutService rollouts, OmahaProperties properties,
            Clock clock, FullPath fullPath, GroupCommit groupCommit, ServingSnapshots serving, QuickLook quickLook, LastSeenBuffer lastSeen, OmahaTimers timers,
            RegistrationLimiter registrations, NewMachineAdmission admission, ServingWarnings warnings) {
        this.registrations = registrations;
        this.admission = admission;
        this.serving = serving;
        this.quickLook = quickLook;
        this.lastSeen = lastSeen;
        this.timers = timers;
        this.warnings = warnings;
        this.catalog = catalog;
        this.rollouts = rollouts;
        this.properties = properties;
        this.clock = clock;
        this.fullPath = fullPath;
        this.groupCommit = groupCommit;
    }

    /** @throws RegistrationRefusedException before anything is written, when its address registers too fast */
    OmahaResponse answer(OmahaRequest request, String clientIp) {
        var now = clock.instant();
        var pending = request.apps().stream().map(app -> quickOutcome(request, app, clientIp, now)).toList();
        var admittedInItsBatch = admittedInItsBatch(pending);
        admitNewMachines(pending, admittedInItsBatch, clientIp);
        var apps = pending.stream()
                .map(p -> OmahaAnswers.answer(p.app(), p.quick().orElseGet(
                        () -> fullOutcome(request, p, clientIp, now, p != admittedInItsBatch)),
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

    /**
     * An app of the request with its quick answer, if it has one; else whether it {@link FullPath#onlyReports}
     * (decided once, so that it is admitted where it is written).
     */
    private record Pending(AppRequest app, long startedNanos, Optional<AppOutcome> quick, boolean onlyReports) {}

    /**
     * The request's one app without a quick answer when it only reports: its batch admits it with the others',
     * in one lookup. With more than one such app, all are admitted here, so that a refusal refuses the whole
     * request before any of it is written.
     */
    private static Pending admittedInItsBatch(List<Pending> pending) {
        Pending full = null;
        for (var p : pending) {
            if (p.quick().isEmpty()) {
                if (full != null) {
                    return null;
                }
                full = p;
            }
        }
        return full != null && full.onlyReports() ? full : null;
    }

    /**
     * Refuses the whole request (429), before anything of it is written, when it would register machines
     * Platte has never seen faster than its address may. Only apps without a quick answer can register; one
     * admitted in its batch is left to it.
     */
    private void admitNewMachines(List<Pending> pending, Pending admittedInItsBatch, String clientIp) {
        if (!registrations.limits(clientIp)) {
            return;
        }
        var snapshot = serving.current();
        var candidates = pending.stream()
                .filter(p -> p.quick().isEmpty() && p != admittedInItsBatch)
                .map(Pending::app)
                .filter(app -> invalidNode(app) == null && isApplication(snapshot, app.appId()))
                .map(AppRequest::machineId)
                .collect(Collectors.toSet());
        admission.admit(clientIp, candidates);
    }

    /** The quick answer when the check-in changes nothing; else {@link #fullOutcome} gives the answer. */
    private Pending quickOutcome(OmahaRequest request, AppRequest app, String clientIp, Instant now) {
        var started = System.nanoTime();
        var quick = Optional.ofNullable(invalidInput(app)).or(() -> quickAnswer(request, app, clientIp, now));
        quick.ifPresent(outcome -> timers.record(outcome, true, started));
        return new Pending(app, started, quick, quick.isEmpty() && fullPath.onlyReports(app));
    }

    /** The full answer, timed. */
    private AppOutcome fullOutcome(OmahaRequest request, Pending pending, String clientIp, Instant now,
            boolean admitted) {
        var app = pending.app();
        var outcome = pending.onlyReports()
                ? groupCommit.answer(request, app, clientIp, now, admitted)
                : fullPath.answer(request, app, clientIp, now);
        timers.record(outcome, false, pending.startedNanos());
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
    static AppOutcome invalidNode(AppRequest app) {
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
        var verdict = UpdateDecision.decide(placement, UpdateDecision.Node.of(known),
                target -> rollouts.glance(placement.groupId(), placement.policy(), target.packageId(), target.version(),
                        target.extensions(), row.rollout(), app.machineId(), known.oem(), now));
        return switch (verdict) {
            case UpdateDecision.Verdict.Answer answer -> warnings.warned(answer.outcome(), application, app.track(), arch, placement);
            case UpdateDecision.Verdict.Hold hold when hold.already() ->
                    new AppOutcome.NoUpdate(NoUpdateReason.HELD, hold.hold().reason(), placement.pollIntervalSeconds());
            default -> null;
        };
    }

    private static UUID groupIdOf(ServingSnapshot.Placement placement) {
        return placement == null ? null : placement.groupId();
    }

    static Registration registration(AppRequest app, UUID applicationId, UUID groupId, String clientIp,
            Instant now) {
        return new Registration(app.machineId(), applicationId, groupId, app.version(), clientIp,
                clip(app.machineAlias(), 256), clip(app.oem(), 256), clip(app.oemVersion(), 256),
                clip(app.alephVersion(), 256), clip(app.bootId(), 100), app.updateCheck(), now);
    }

    /** A downstream server syncing from this one (omaha-protocol.md §8): it can take several manifests. */
    static boolean isSyncer(OmahaRequest request, AppRequest app) {
        return "scheduler".equals(request.installSource()) && app.multiManifestOk();
    }

    /** An old syncer that takes one manifest only: it must not be handed a target past a floor. */
    static boolean isLegacySyncer(OmahaRequest request) {
        return "scheduler".equals(request.installSource()) && request.version() != null
                && request.version().startsWith("CoreOSUpdateEngine");
    }

    /** Node-supplied text is informational: an oversized value is cut to fit, never a reason to fail. */
    static String clip(String value, int max) {
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


}
