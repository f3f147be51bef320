package dev.platte.omaha;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.CatalogService;
import dev.platte.catalog.UpdatePath;
import dev.platte.common.Versions;
import dev.platte.fleet.FleetService;
import dev.platte.fleet.InstanceStatus;
import dev.platte.fleet.LockedState;
import dev.platte.fleet.Registration;
import dev.platte.omaha.AppOutcome.NoUpdateReason;
import dev.platte.omaha.protocol.AppRequest;
import dev.platte.omaha.protocol.OmahaRequest;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.RolloutService;
import dev.platte.rollout.ServingSnapshot;
import dev.platte.rollout.ServingSnapshots;
import dev.platte.rollout.policy.RolloutDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The full path: one {@code <app>} that changes something (first contact, an event, a new version or
 * detail, a grant, a new hold, a revocation), in one transaction, written before it is answered. The node's
 * state is registered and locked in one statement and written in one more ({@link FleetService}); the
 * catalog comes from the serving snapshot; what the node gets is {@link UpdateDecision}'s answer. Apps
 * that only report can be written several at once instead ({@link #reportTogether}, {@link GroupCommit}).
 */
@Component
class FullPath {

    /** How often an answer is begun afresh when the catalog changes under it (it practically never does twice). */
    private static final int MAX_ATTEMPTS = 3;

    private final CatalogService catalog;
    private final GroupService groups;
    private final FleetService fleet;
    private final RolloutService rollouts;
    private final ServingSnapshots serving;
    private final ServingWarnings warnings;
    private final TransactionTemplate transactions;

    FullPath(CatalogService catalog, GroupService groups, FleetService fleet, RolloutService rollouts,
            ServingSnapshots serving, ServingWarnings warnings, PlatformTransactionManager transactionManager) {
        this.catalog = catalog;
        this.groups = groups;
        this.fleet = fleet;
        this.rollouts = rollouts;
        this.serving = serving;
        this.warnings = warnings;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * The full answer, in a transaction, from a serving snapshot at least as new as the catalog revision
     * read with the node's locked state: if the snapshot is older, the transaction is rolled back and the
     * answer decided again once a newer one is built (outside the transaction, which must not wait for it).
     */
    AppOutcome answer(OmahaRequest request, AppRequest app, String clientIp, Instant now) {
        var snapshot = serving.awaitAtLeast(0);
        if (snapshot.application(app.appId()).isEmpty()) {
            // Perhaps created a moment ago: a node of a new application is registered, not refused.
            snapshot = serving.awaitLatest();
        }
        for (int attempt = 1; ; attempt++) {
            var current = snapshot;
            try {
                return transactions.execute(tx -> decide(request, app, clientIp, now, current));
            } catch (StaleSnapshotException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("the catalog changed " + attempt + " times while answering", e);
                }
                snapshot = serving.awaitAtLeast(e.revision);
            }
        }
    }

    /** The catalog changed between the snapshot the answer began with and the node's read. */
    private static final class StaleSnapshotException extends RuntimeException {

        private final long revision;

        StaleSnapshotException(long revision) {
            super(null, null, false, false);
            this.revision = revision;
        }
    }

    private AppOutcome decide(OmahaRequest request, AppRequest app, String clientIp, Instant now,
            ServingSnapshot snapshot) {
        var application = snapshot.application(app.appId()).orElse(null);
        if (application == null) {
            return new AppOutcome.UnknownApplication();
        }
        var invalid = OmahaService.invalidNode(app);
        if (invalid != null) {
            return invalid;
        }
        var arch = OmahaService.archOf(app.board(), request.os());
        var placement = snapshot.placement(application.id(), app.track(), arch).orElse(null);
        var node = fleet.checkIn(OmahaService.registration(app, application.id(), groupIdOf(placement), clientIp, now));
        if (node.catalogRevision() > snapshot.revision()) {
            throw new StaleSnapshotException(node.catalogRevision());
        }
        report(node, app, placement, now);
        var outcome = app.updateCheck()
                ? decideCheck(request, app, application, arch, placement, node, now)
                : new AppOutcome.Acknowledged();
        fleet.save(node);
        return outcome;
    }

    /** What the node says of itself: its version and details, then its events. */
    private void report(LockedState node, AppRequest app, ServingSnapshot.Placement placement, Instant now) {
        fleet.report(node, groupIdOf(placement));
        for (var event : app.events()) {
            if (event.type() != null && event.result() != null) {
                fleet.recordEvent(node, event.type(), event.result(), event.errorCode(),
                        OmahaService.clip(event.previousVersion(), 255), now);
            }
        }
    }

    /**
     * Whether the app only reports (no update check) for a valid node of a known application: then nothing
     * is decided, and its answer is the same whether it is written alone or together with others.
     */
    boolean onlyReports(AppRequest app) {
        var snapshot = serving.current();
        return !app.updateCheck() && snapshot != null && snapshot.application(app.appId()).isPresent()
                && OmahaService.invalidNode(app) == null;
    }

    /** An app that {@link #onlyReports} and what it came with. */
    record Report(OmahaRequest request, AppRequest app, String clientIp, Instant now) {

        String machineId() {
            return app.machineId();
        }
    }

    /**
     * Several apps that {@link #onlyReports}, of as many different machines, written in one transaction with
     * one statement to lock them and one to write them; each is acknowledged once it commits. Throws, having
     * written nothing, when one cannot be written so (the catalog changed under it, a failed statement):
     * then each is answered {@linkplain #answer alone}.
     */
    void reportTogether(List<Report> reports) {
        var snapshot = serving.awaitAtLeast(0);
        transactions.executeWithoutResult(tx -> {
            var placements = new ArrayList<ServingSnapshot.Placement>();
            var registrations = new ArrayList<Registration>();
            for (var report : reports) {
                var app = report.app();
                var application = snapshot.application(app.appId())
                        .orElseThrow(() -> new IllegalStateException("application " + app.appId() + " is gone"));
                var arch = OmahaService.archOf(app.board(), report.request().os());
                var placement = snapshot.placement(application.id(), app.track(), arch).orElse(null);
                placements.add(placement);
                registrations.add(OmahaService.registration(app, application.id(), groupIdOf(placement),
                        report.clientIp(), report.now()));
            }
            var nodes = fleet.checkIn(registrations);
            for (int i = 0; i < reports.size(); i++) {
                if (nodes.get(i).catalogRevision() > snapshot.revision()) {
                    throw new StaleSnapshotException(nodes.get(i).catalogRevision());
                }
                report(nodes.get(i), reports.get(i).app(), placements.get(i), reports.get(i).now());
            }
            fleet.save(nodes);
        });
    }

    /** The update check of the full path: the one decision, then what it takes (a grant, a hold, a revocation). */
    private AppOutcome decideCheck(OmahaRequest request, AppRequest app, Application application, Arch arch,
            ServingSnapshot.Placement placement, LockedState node, Instant now) {
        var state = node.state();
        var syncer = OmahaService.isSyncer(request, app);
        if (syncer && app.targetVersionPrefix() != null && placement != null && placement.target() != null) {
            return pinnedRelease(application, placement.channelId(), arch, app.targetVersionPrefix(),
                    placement.pollIntervalSeconds());
        }
        var view = UpdateDecision.Node.of(state);
        Function<ServingSnapshot.Target, RolloutDecision> glance = target -> rollouts.glance(placement.groupId(),
                placement.policy(), target.packageId(), target.version(), target.extensions(),
                rollouts.view(placement.groupId()), state.machineId(), state.oem(), now);
        var verdict = UpdateDecision.decide(placement, view, glance);
        if (verdict instanceof UpdateDecision.Verdict.ServeGrant serve) {
            var granted = catalog.findPackage(application.id(), serve.version(), arch).orElse(null);
            if (granted != null) {
                var pollInterval = placement.pollIntervalSeconds();
                if (state.status() == InstanceStatus.GRANTED && catalog.isRevoked(granted.id(), placement.channelId())) {
                    fleet.withdrawGrant(node, "revoked", now);
                    return new AppOutcome.NoUpdate(NoUpdateReason.REVOKED, null, pollInterval);
                }
                return new AppOutcome.UpdateAvailable(granted, pollInterval);
            }
            verdict = UpdateDecision.decide(placement, view.withoutGrant(), glance);
        }
        return switch (verdict) {
            case UpdateDecision.Verdict.Answer answer -> warnings.warned(answer.outcome(), application, app.track(), arch, placement);
            case UpdateDecision.Verdict.ServeGrant ignored -> throw new IllegalStateException("a grant without its package");
            case UpdateDecision.Verdict.Hold hold -> {
                var floors = legacyFloors(request, syncer, placement, state.version());
                if (floors != null) {
                    yield floors;
                }
                fleet.hold(node, hold.reason(), now);
                yield new AppOutcome.NoUpdate(NoUpdateReason.HELD, hold.hold().reason(), placement.pollIntervalSeconds());
            }
            case UpdateDecision.Verdict.MayGrant ignored -> {
                var floors = legacyFloors(request, syncer, placement, state.version());
                yield floors != null ? floors : decideUnderLock(placement, node, syncer, now);
            }
        };
    }

    /** The rollout decides under its lock, from the node's state as written so far (its counters include it). */
    private AppOutcome decideUnderLock(ServingSnapshot.Placement placement, LockedState node, boolean syncer, Instant now) {
        fleet.save(node);
        var state = node.state();
        var pollInterval = placement.pollIntervalSeconds();
        var group = groups.findGroup(placement.groupId()).orElseThrow();
        var channel = catalog.findChannel(placement.channelId()).orElseThrow();
        var target = catalog.findPackage(placement.target().packageId()).orElseThrow();
        return switch (rollouts.decide(group, target, state.machineId(), state.oem(), state.createdAt(), now)) {
            case RolloutDecision.Grant ignored -> {
                var path = catalog.updatePath(channel, target, state.version());
                // A syncer takes every step at once, so its grant is the target itself.
                var step = syncer ? target : path.next().pkg();
                fleet.grant(node, step.version(), now);
                yield syncer
                        ? new AppOutcome.UpdatePathAvailable(path, pollInterval)
                        : new AppOutcome.UpdateAvailable(step, pollInterval);
            }
            case RolloutDecision.Hold hold -> {
                fleet.hold(node, UpdateDecision.holdReason(hold), now);
                yield new AppOutcome.NoUpdate(NoUpdateReason.HELD, hold.reason(), pollInterval);
            }
        };
    }

    /** Floors matter before the decision only to an old syncer (everyone else needs them on a grant): null if none. */
    private AppOutcome legacyFloors(OmahaRequest request, boolean syncer, ServingSnapshot.Placement placement,
            String version) {
        if (syncer || !OmahaService.isLegacySyncer(request)) {
            return null;
        }
        var channel = catalog.findChannel(placement.channelId()).orElseThrow();
        var target = catalog.findPackage(placement.target().packageId()).orElseThrow();
        return catalog.updatePath(channel, target, version).hasFloors()
                ? new AppOutcome.NoUpdate(NoUpdateReason.FLOORS_NEED_MULTI_MANIFEST, null, placement.pollIntervalSeconds())
                : null;
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

    private static UUID groupIdOf(ServingSnapshot.Placement placement) {
        return placement == null ? null : placement.groupId();
    }
}
