package dev.platte.fleet;

import dev.platte.audit.AuditTrail;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
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

    FleetService(InstanceRepository instances, InstanceAppStateRepository states, StatusHistoryRepository history,
            InstanceEventRepository events, ApplicationEventPublisher publisher, AuditTrail audit,
            FleetProperties properties, Clock clock) {
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
     * Registers the machine and its state for the application, and returns that state locked for the
     * rest of the caller's transaction. Completes an update the node now runs.
     */
    public InstanceAppState register(Registration r) {
        instances.upsert(r.machineId(), r.ip(), nullToEmpty(r.alias()), nullToEmpty(r.oem()),
                nullToEmpty(r.oemVersion()), nullToEmpty(r.alephVersion()), nullToEmpty(r.bootId()), r.now());
        states.insertIfAbsent(r.machineId(), r.applicationId(), r.groupId(), r.version(), r.now());
        var state = states.findForUpdate(new InstanceAppId(r.machineId(), r.applicationId())).orElseThrow();
        recordIfChanged(state, state.report(r.groupId(), r.version(), r.oem(), r.updateCheck(), r.now()));
        return state;
    }

    /**
     * Applies one update_engine event. Returns false for the 3/2 that only says "nothing new", which is
     * sent with every check and not worth a row.
     */
    public boolean recordEvent(InstanceAppState state, int type, int result, Long errorCode, String previousVersion,
            Instant now) {
        if (isNoOpEvent(type, result, previousVersion)) {
            return false;
        }
        events.save(new InstanceEvent(state.id(), type, result, errorCode, previousVersion, state.version(), now));
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
        recordIfChanged(state, changed);
        return true;
    }

    /** The 3/2 without a real previous version: update_engine sends it with every check, and it says nothing. */
    public static boolean isNoOpEvent(int type, int result, String previousVersion) {
        return type == EVENT_UPDATE_COMPLETE && result == RESULT_SUCCESS_REBOOT && !namesRealVersion(previousVersion);
    }

    public void grant(InstanceAppState state, String version, Instant now) {
        recordIfChanged(state, state.grant(version, now));
    }

    public void withdrawGrant(InstanceAppState state, String reason, Instant now) {
        recordIfChanged(state, state.withdrawGrant(reason, now));
    }

    public void hold(InstanceAppState state, String reason, Instant now) {
        recordIfChanged(state, state.hold(reason, now));
    }

    private void recordIfChanged(InstanceAppState state, boolean changed) {
        if (changed) {
            var entry = history.save(StatusHistoryEntry.of(state));
            if (entry.groupId() != null) {
                var completedVersion = entry.status() == InstanceStatus.COMPLETE && entry.version() != null
                        ? entry.version()
                        : "";
                history.countInBucket(entry.groupId(), entry.createdAt(), entry.status().wireName(), completedVersion);
            }
            publisher.publishEvent(new InstanceStatusChanged(state.machineId(), state.applicationId(), state.groupId(),
                    state.status(), state.version(), state.lastGrantedVersion(), entry.errorCode(),
                    state.statusChangedAt(), state.previousStatus()));
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
        var overdue = states.lockOverdue(groupId, grantedBefore, Pageable.ofSize(500));
        overdue.forEach(state -> recordIfChanged(state, state.markTimedOut(now)));
        return overdue.size();
    }

    private static boolean namesRealVersion(String previousVersion) {
        return previousVersion != null && !previousVersion.isBlank() && !"0.0.0.0".equals(previousVersion);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    // --- reading ------------------------------------------------------------------------------

    /** Which of these machine ids Platte has never registered (for the registration limit). */
    @Transactional(readOnly = true)
    public Set<String> unknownMachines(Collection<String> machineIds) {
        if (machineIds.isEmpty()) {
            return Set.of();
        }
        var unknown = new HashSet<>(machineIds);
        unknown.removeAll(instances.findKnownIds(machineIds));
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
