package dev.platte.fleet;

import dev.platte.audit.AuditTrail;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Instances, their per-application state, and the history of both. */
@Service
@Transactional
public class FleetService {

    /** update_engine's "update complete" event, sent with every check (section 5 of the protocol notes). */
    private static final int EVENT_UPDATE_COMPLETE = 3;
    private static final int EVENT_DOWNLOAD_STARTED = 13;
    private static final int EVENT_DOWNLOAD_FINISHED = 14;
    private static final int EVENT_INSTALLED_NOT_COMPLETED = 800;
    private static final int RESULT_ERROR = 0;
    private static final int RESULT_SUCCESS = 1;
    private static final int RESULT_SUCCESS_REBOOT = 2;

    private final InstanceRepository instances;
    private final InstanceAppStateRepository states;
    private final StatusHistoryRepository history;
    private final InstanceEventRepository events;
    private final ApplicationEventPublisher publisher;
    private final AuditTrail audit;
    private final FleetProperties properties;
    private final Clock clock;
    private final NodeWrites writes;

    FleetService(InstanceRepository instances, InstanceAppStateRepository states, StatusHistoryRepository history,
            InstanceEventRepository events, ApplicationEventPublisher publisher, AuditTrail audit,
            FleetProperties properties, Clock clock, NodeWrites writes) {
        this.writes = writes;
        this.instances = instances;
        this.states = states;
        this.events = events;
        this.history = history;
        this.publisher = publisher;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    // --- admin changes ------------------------------------------------------------------------

    public Instance changeAlias(String machineId, String alias) {
        if (alias != null && alias.length() > 256) {
            throw new InvalidInputException("alias", "must be at most 256 characters");
        }
        var instance = instances.findById(machineId).orElseThrow(() -> NotFoundException.of("instance", machineId));
        var before = instance.snapshot();
        instance.changeAlias(alias);
        audit.record("instance.alias", "instance", machineId, before, instance.snapshot());
        return instance;
    }

    /** Forgets an instance and its history; it registers afresh if it ever checks in again. */
    public void deleteInstance(String machineId) {
        var instance = instances.findById(machineId).orElseThrow(() -> NotFoundException.of("instance", machineId));
        instances.delete(instance);
        audit.record("instance.delete", "instance", machineId, instance.snapshot(), null);
    }

    /** Deletes every instance not seen for the retirement age; returns how many. */
    public int deleteRetired() {
        var cutoff = clock.instant().minus(properties.retiredAfter());
        var count = instances.deleteNotSeenSince(cutoff);
        audit.record("instance.delete-retired", "instance", "*", null,
                java.util.Map.of("notSeenSince", cutoff.toString(), "deleted", count));
        return count;
    }

    /**
     * Registers the machine, creates its state for the application if new, and returns that state locked
     * for the rest of the caller's transaction, with the catalog revision read at the same moment. Nothing
     * of what the node reports is applied yet: {@link #report} does that, once the caller knows its group.
     */
    public LockedState checkIn(Registration r) {
        return checkIn(List.of(r)).getFirst();
    }

    /**
     * {@link #checkIn(Registration)} for several machines at once, in one statement, each machine once:
     * their states in the order given.
     */
    public List<LockedState> checkIn(List<Registration> registrations) {
        return writes.registerAndLock(registrations);
    }

    /** Records what the node reports about itself, in {@code groupId}; completes an update the node now runs. */
    public void report(LockedState node, UUID groupId) {
        var r = node.registration();
        node.markReported();
        recordIfChanged(node, node.state().report(groupId, r.version(), r.oem(), r.updateCheck(), r.now()));
    }

    /**
     * Applies one update_engine event. Returns false for the 3/2 that only says "nothing new", which is
     * sent with every check and not worth a row.
     */
    public boolean recordEvent(LockedState node, int type, int result, Long errorCode, String previousVersion,
            Instant now) {
        if (isNoOpEvent(type, result, previousVersion)) {
            return false;
        }
        var state = node.state();
        node.events.add(new LockedState.Reported(type, result, errorCode, previousVersion, state.version(), now));
        boolean changed = false;
        if (result == RESULT_ERROR) {
            changed = state.markFailed(errorCode == null ? 0 : errorCode, now);
        } else if (type == EVENT_DOWNLOAD_STARTED && result == RESULT_SUCCESS) {
            changed = state.markDownloading(now);
        } else if (type == EVENT_DOWNLOAD_FINISHED && result == RESULT_SUCCESS) {
            changed = state.markDownloaded(now);
        } else if ((type == EVENT_UPDATE_COMPLETE || type == EVENT_INSTALLED_NOT_COMPLETED) && result == RESULT_SUCCESS) {
            changed = state.markInstalled(now);
        } else if (type == EVENT_UPDATE_COMPLETE && result == RESULT_SUCCESS_REBOOT) {
            changed = state.markRebootedFrom(previousVersion, now);
        }
        recordIfChanged(node, changed);
        return true;
    }

    /** The 3/2 without a real previous version: update_engine sends it with every check, and it says nothing. */
    public static boolean isNoOpEvent(int type, int result, String previousVersion) {
        return type == EVENT_UPDATE_COMPLETE && result == RESULT_SUCCESS_REBOOT && !namesRealVersion(previousVersion);
    }

    public void grant(LockedState node, String version, Instant now) {
        recordIfChanged(node, node.state().grant(version, now));
    }

    public void withdrawGrant(LockedState node, String reason, Instant now) {
        recordIfChanged(node, node.state().withdrawGrant(reason, now));
    }

    public void hold(LockedState node, String reason, Instant now) {
        recordIfChanged(node, node.state().hold(reason, now));
    }

    /**
     * Writes the node's state with its status changes and events, in one statement, then announces each
     * change ({@link InstanceStatusChanged}) in the same transaction, so whoever reacts sees it written.
     */
    public void save(LockedState node) {
        save(List.of(node));
    }

    /** {@link #save(LockedState)} for several nodes at once, in one statement. */
    public void save(List<LockedState> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        if (!nodes.stream().allMatch(LockedState::reported)) {
            throw new IllegalStateException("report the node before saving it");
        }
        writes.save(nodes);
        var changes = nodes.stream().flatMap(node -> node.changes.stream()).toList();
        nodes.forEach(node -> {
            node.changes.clear();
            node.events.clear();
        });
        changes.forEach(change -> publisher.publishEvent(change.announcement()));
    }

    private static void recordIfChanged(LockedState node, boolean changed) {
        if (changed) {
            var state = node.state();
            var entry = StatusHistoryEntry.of(state);
            node.changes.add(new LockedState.Change(entry, new InstanceStatusChanged(state.machineId(),
                    state.applicationId(), state.groupId(), state.status(), state.version(),
                    state.lastGrantedVersion(), entry.errorCode(), state.statusChangedAt(), state.previousStatus())));
        }
    }

    // --- rollout accounting (exact when the caller holds the group's rollout lock) -------------

    /** Grants made in the group after {@code after}, re-grants included. */
    @Transactional(readOnly = true)
    public int grantsSince(UUID groupId, Instant after) {
        return history.countInGroupSince(groupId, InstanceStatus.GRANTED, after);
    }

    /** Updates granted after {@code grantedAfter} (older ones have timed out) and not yet finished. */
    @Transactional(readOnly = true)
    public int updatesInProgress(UUID groupId, Instant grantedAfter) {
        return states.countInProgress(groupId, grantedAfter);
    }

    /** Whether any instance of the group checked in after {@code checkedAfter} and does not run {@code version}. */
    @Transactional(readOnly = true)
    public boolean anyActiveInstanceNotOn(UUID groupId, String version, Instant checkedAfter) {
        return states.existsActiveNotOn(groupId, version, checkedAfter);
    }

    /** How many of the group's instances checked in after {@code checkedAfter}, and how many of them run {@code version}. */
    @Transactional(readOnly = true)
    public ActiveInstances activeInstances(UUID groupId, String version, Instant checkedAfter) {
        var share = states.countActiveOn(groupId, version, checkedAfter);
        return new ActiveInstances((int) share.getActive(), (int) share.getOnVersion());
    }

    public record ActiveInstances(int active, int onVersion) {}

    /**
     * Whether the group has machines that need {@code version} (not retired, not on it) and that Platte
     * registered before {@code before}: then only those may become a safe-mode canary.
     */
    @Transactional(readOnly = true)
    public boolean hasMachinesRegisteredBefore(UUID groupId, Instant before, String version) {
        return states.existsRegisteredBefore(groupId, before, version);
    }

    /** Whether the node began (downloading or later) the update it was last granted. */
    @Transactional(readOnly = true)
    public boolean beganLastGrant(String machineId, UUID applicationId) {
        var state = states.findById(new InstanceAppId(machineId, applicationId)).orElse(null);
        if (state == null || state.lastGrantedAt() == null) {
            return false;
        }
        return history.existsSince(machineId, applicationId, EnumSet.of(InstanceStatus.DOWNLOADING,
                InstanceStatus.DOWNLOADED, InstanceStatus.INSTALLED), state.lastGrantedAt());
    }

    /** Marks updates granted at or before {@code grantedBefore} and still unfinished as timed out. */
    public int timeOutUpdates(UUID groupId, Instant grantedBefore, Instant now) {
        var overdue = writes.lockOverdue(groupId, grantedBefore, 500).stream().map(LockedState::of).toList();
        overdue.forEach(node -> recordIfChanged(node, node.state().markTimedOut(now)));
        save(overdue);
        return overdue.size();
    }

    private static boolean namesRealVersion(String previousVersion) {
        return previousVersion != null && !previousVersion.isBlank() && !"0.0.0.0".equals(previousVersion);
    }

    // --- reading ------------------------------------------------------------------------------

    /**
     * Which of these machine ids Platte has never registered (for the registration limit). Asked before
     * every full path from a limited address: one statement, no transaction of its own.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Set<String> unknownMachines(Collection<String> machineIds) {
        if (machineIds.isEmpty()) {
            return Set.of();
        }
        var unknown = new HashSet<>(machineIds);
        unknown.removeAll(writes.knownMachines(machineIds));
        return unknown;
    }

    /**
     * An instance with, per application, its latest {@link InstanceDetails#MAX_ENTRIES} status changes and
     * events, oldest first: a node that reports events in a loop cannot make its page load without bound.
     */
    @Transactional(readOnly = true)
    public InstanceDetails instance(String machineId) {
        var instance = instances.findById(machineId).orElseThrow(() -> NotFoundException.of("instance", machineId));
        var limit = Limit.of(InstanceDetails.MAX_ENTRIES);
        var apps = states.findByIdMachineId(machineId).stream()
                .map(state -> new InstanceDetails.AppDetails(state,
                        history.findByMachineIdAndApplicationIdOrderByCreatedAtDescIdDesc(machineId,
                                state.applicationId(), limit).reversed(),
                        events.findByMachineIdAndApplicationIdOrderByCreatedAtDescIdDesc(machineId,
                                state.applicationId(), limit).reversed()))
                .toList();
        return new InstanceDetails(instance, apps);
    }
}
