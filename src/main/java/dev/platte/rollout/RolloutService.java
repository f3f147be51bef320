package dev.platte.rollout;

import dev.platte.audit.AuditTrail;
import dev.platte.catalog.ChannelPromoted;
import dev.platte.catalog.UpdatePackage;
import dev.platte.fleet.FleetService;
import dev.platte.fleet.InstanceStatus;
import dev.platte.fleet.InstanceStatusChanged;
import dev.platte.fleet.UpdateEngineErrors;
import dev.platte.catalog.ExtraFile;
import dev.platte.rollout.policy.CanaryRule;
import dev.platte.rollout.policy.GroupPolicy;
import dev.platte.rollout.policy.OemExtensions;
import dev.platte.rollout.policy.RolloutDecision;
import dev.platte.rollout.policy.RolloutPolicies;
import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import dev.platte.rollout.policy.RolloutProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies the pure rollout policy to one group: reads its counters, takes the group's rollout lock
 * before granting, and reacts to its nodes completing or failing (safe-mode canary, auto-halt).
 */
@Service
@Transactional
public class RolloutService {

    /** A node counts as part of the fleet for "rollout completed" if it checked in this recently. */
    static final Duration ACTIVE = Duration.ofDays(1);
    /** How old a group's counters may be when they only decide a hold without the lock. */
    private static final Duration COUNTERS_MAX_AGE = Duration.ofSeconds(1);

    private final GroupRolloutRepository rollouts;
    private final UpdateGroupRepository groups;
    private final FleetService fleet;
    private final Clock clock;
    private final Map<UUID, Counters> counters = new ConcurrentHashMap<>();
    private final ApplicationEventPublisher publisher;
    private final CanaryRule canaryRule;

    RolloutService(GroupRolloutRepository rollouts, UpdateGroupRepository groups, FleetService fleet,
            Clock clock, ApplicationEventPublisher publisher, RolloutProperties properties) {
        this.canaryRule = new CanaryRule(properties.canaryTenure());
        this.rollouts = rollouts;
        this.groups = groups;
        this.fleet = fleet;
        this.clock = clock;
        this.publisher = publisher;
    }

    /**
     * Decides, under the group's rollout lock (taken in the caller's transaction), whether a node behind its
     * group's target gets it now; so limits hold exactly across threads and replicas. Call it once
     * {@link #glance} has found nothing holding the node: holds that need no counters cost no lock.
     */
    public RolloutDecision decide(UpdateGroup group, UpdatePackage target, String machineId, String oem,
            Instant registeredAt, Instant now) {
        var policy = group.policy();
        var rollout = lock(group, target.id(), target.version(), now);
        var progress = progress(group, rollout, now);
        var candidate = !policy.safeMode() || progress.canary() != CanaryState.NONE
                || canaryRule.admits(registeredAt, rollout.startedAt(),
                        fleet.hasMachinesRegisteredBefore(group.id(), rollout.startedAt(), target.version()), now);
        var decision = RolloutPolicies.decide(policy, progress, machineId, oem, extensionsOf(target), target.version(),
                now, candidate);
        if (decision instanceof RolloutDecision.Grant grant) {
            rollout.recordGrant(machineId, grant.canary());
            // Until this grant commits, a fresh read would not count it: glances count it already, so the
            // held nodes checking meanwhile stay on the quick path instead of queueing for this lock.
            counters.computeIfPresent(group.id(), (id, read) -> read.withGrant());
        }
        return decision;
    }

    /** The group's rollout row as read without its lock, for {@link #glance}; null if it has none. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public RolloutView view(UUID groupId) {
        return rollouts.findView(groupId).orElse(null);
    }

    /**
     * The decision as far as it can be made without the lock, from a rollout row read by the caller and
     * counters at most {@link #COUNTERS_MAX_AGE} old: a {@code Hold} only delays the node to its next
     * check, and a {@code Grant} means "ask {@link #decide} under the lock" (which also decides whether
     * the node may become the canary). Opens no transaction of its
     * own: the quick path has none, and usually needs no database here at all.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public RolloutDecision glance(UUID groupId, GroupPolicy policy, UUID targetId, String targetVersion,
            OemExtensions extensions, RolloutView rollout, String machineId, String oem, Instant now) {
        var current = rollout != null && targetId.equals(rollout.packageId()) ? rollout : null;
        var startedAt = current == null ? now : current.startedAt();
        var admitted = RolloutPolicies.admit(policy, machineId, oem, extensions, targetVersion, startedAt, now);
        if (admitted instanceof RolloutDecision.Hold) {
            return admitted;
        }
        var counters = counters(groupId, policy, now);
        return RolloutPolicies.decide(policy, new RolloutProgress(startedAt, counters.grants(), counters.inProgress(),
                current == null ? CanaryState.NONE : current.canary(), current == null ? null : current.canaryMachineId()),
                machineId, oem, extensions, targetVersion, now, true);
    }

    /** The OEM extensions a package ships, as the decision takes them. */
    public static OemExtensions extensionsOf(UpdatePackage pkg) {
        return OemExtensions.ofFileNames(pkg.extraFiles().stream().map(ExtraFile::name).toList());
    }

    private Counters counters(UUID groupId, GroupPolicy policy, Instant now) {
        var cached = counters.get(groupId);
        return cached != null && cached.isFreshFor(policy, now) ? cached : readCounters(groupId, policy, now);
    }

    private Counters readCounters(UUID groupId, GroupPolicy policy, Instant now) {
        var fresh = new Counters(policy.updatePeriod(), policy.updateTimeout(), now, System.nanoTime(),
                policy.maxUpdatesPerPeriod() == null ? 0 : fleet.grantsSince(groupId, now.minus(policy.updatePeriod())),
                policy.maxConcurrentUpdates() == null ? 0 : fleet.updatesInProgress(groupId, now.minus(policy.updateTimeout())));
        counters.put(groupId, fresh);
        return fresh;
    }

    /** A group's counters as last read, for holds seen without the lock. */
    private record Counters(Duration period, Duration timeout, Instant readAt, long readAtNanos, int grants,
            int inProgress) {

        Counters withGrant() {
            return new Counters(period, timeout, readAt, readAtNanos, grants + 1, inProgress + 1);
        }

        boolean isFreshFor(GroupPolicy policy, Instant now) {
            return period.equals(policy.updatePeriod()) && timeout.equals(policy.updateTimeout())
                    && System.nanoTime() - readAtNanos < COUNTERS_MAX_AGE.toNanos()
                    && Duration.between(readAt, now).abs().compareTo(COUNTERS_MAX_AGE) < 0;
        }
    }

    /** The exact counters, read under the group's lock; they refresh the cached ones too. */
    private RolloutProgress progress(UpdateGroup group, GroupRollout rollout, Instant now) {
        var counters = readCounters(group.id(), group.policy(), now);
        return new RolloutProgress(rollout.startedAt(), counters.grants(), counters.inProgress(), rollout.canary(),
                rollout.canaryMachineId());
    }

    /** The group's rollout row, locked, for {@code packageId}; a different target starts a new rollout. */
    private GroupRollout lock(UpdateGroup group, UUID packageId, String version, Instant now) {
        var created = rollouts.insertIfAbsent(group.id(), packageId, version, now) == 1;
        var rollout = rollouts.findForUpdate(group.id()).orElseThrow();
        if (created) {
            rollout.announceStart(group);
        } else if (!rollout.isFor(packageId)) {
            rollout.restart(group, packageId, version, now);
        } else {
            return rollout;
        }
        return rollouts.save(rollout);
    }

    /**
     * Promoting a channel starts a new rollout, now, in every group that follows it; a wave's starts when the
     * wave opens ({@link WaveEvaluator}).
     */
    @EventListener
    public void onChannelPromoted(ChannelPromoted promoted) {
        for (var group : groups.findByChannelId(promoted.channelId())) {
            if (group.followsGroupId() == null || promoted.version().equals(group.waveOpenVersion())) {
                lock(group, promoted.packageId(), promoted.version(), clock.instant());
            }
        }
    }

    /** A wave opened: its rollout of the target starts now, unless it already has. */
    void startRollout(UpdateGroup group, UUID packageId, String version, Instant now) {
        lock(group, packageId, version, now);
    }

    @EventListener
    public void onStatusChanged(InstanceStatusChanged change) {
        if (change.groupId() != null && !change.continuesUpdateInProgress()) {
            // This replica's own changes show once they commit (a read before would miss them); other
            // replicas' within COUNTERS_MAX_AGE. Download and install steps change neither count: forgetting
            // on each made every held node's next check in a rollout re-read them (a tenth of the server's
            // CPU with 5% events).
            forgetCountersAfterCommit(change.groupId());
        }
        if (change.groupId() == null || change.grantedVersion() == null) {
            return;
        }
        switch (change.status()) {
            case COMPLETE -> onCompleted(change);
            case ERROR, TIMED_OUT -> onFailed(change);
            default -> {}
        }
    }

    private void forgetCountersAfterCommit(UUID groupId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    counters.remove(groupId);
                }
            });
        } else {
            counters.remove(groupId);
        }
    }

    private void onCompleted(InstanceStatusChanged change) {
        var group = groups.findById(change.groupId()).orElse(null);
        var rollout = rollouts.findForUpdate(change.groupId()).orElse(null);
        if (group == null || rollout == null || !change.grantedVersion().equals(rollout.targetVersion())) {
            return;
        }
        if (change.recoveredFromFailure()) {
            rollout.recordRecovery();
        }
        if (rollout.recordSuccess(change.machineId())) {
            publisher.publishEvent(new CanarySucceeded(group.applicationId(), group.id(), group.name(),
                    change.machineId(), rollout.targetVersion(), change.at()));
        }
        if (!fleet.anyActiveInstanceNotOn(group.id(), rollout.targetVersion(), change.at().minus(ACTIVE))
                && rollout.markCompleted(group, change.at())) {
            rollouts.save(rollout);
        }
    }

    private void onFailed(InstanceStatusChanged change) {
        var group = groups.findById(change.groupId()).orElse(null);
        if (group == null) {
            return;
        }
        var timedOut = change.status() == InstanceStatus.TIMED_OUT;
        var what = timedOut
                ? "did not finish updating to %s in time".formatted(change.grantedVersion())
                : "failed to update to %s: %s".formatted(change.grantedVersion(),
                        change.errorCode() == null ? "no error code" : UpdateEngineErrors.describe(change.errorCode()));
        publisher.publishEvent(new InstanceUpdateFailed(group.applicationId(), group.id(), change.machineId(),
                change.grantedVersion(), timedOut, what, change.at()));
        var rollout = rollouts.findForUpdate(change.groupId()).orElse(null);
        if (rollout == null || !change.grantedVersion().equals(rollout.targetVersion())) {
            return;
        }
        // A grant never started on says nothing about the target, and made-up machines could fake it by
        // going silent: only the canary's timeout counts without it.
        if (timedOut && !rollout.isPendingCanary(change.machineId())
                && !fleet.beganLastGrant(change.machineId(), change.applicationId())) {
            return;
        }
        if (rollout.recordFailure(change.machineId())) {
            pause(group, rollout, PauseCause.CANARY,
                    "Safe mode: canary %s %s".formatted(change.machineId(), what), change.at());
            return;
        }
        var policy = group.policy();
        if (policy.autoHalt() != null) {
            policy.autoHalt().evaluate(rollout.attempts(), rollout.failures()).ifPresent(trip -> pause(group,
                    rollout, PauseCause.AUTO_HALT,
                    "Auto-halt of %s: %s".formatted(rollout.targetVersion(), trip.description()), change.at()));
        }
    }

    private void pause(UpdateGroup group, GroupRollout rollout, PauseCause cause, String reason, Instant now) {
        if (group.pauseAutomatically(cause, reason, AuditTrail.SYSTEM, now, rollout)) {
            groups.save(group);
        }
    }
}
