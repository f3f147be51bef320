package dev.platte.fleetlock;

import dev.platte.audit.AuditTrail;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import dev.platte.rollout.policy.MaintenanceWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * FleetLock's reboot groups: a counting semaphore per name whose slots the database hands out, and which
 * follows the rollout of the Platte groups it is tied to. Taking a slot locks the group's row, so requests
 * for one group are decided one after the other, on whichever replica they arrive.
 */
@Service
@Transactional
public class RebootGroups {

    public static final int MAX_SLOTS = 1000;
    public static final int MAX_ID_LENGTH = 255;
    public static final int MAX_GROUP_LENGTH = 100;
    /** Refusals kept per reboot group (older ones are overwritten). */
    public static final int KEPT_REFUSALS = 20;
    static final Pattern GROUP_NAME = Pattern.compile("^[a-zA-Z0-9.-]+$");
    private static final int EXPIRY_BATCH = 500;

    private final RebootGroupRepository store;
    private final GroupService groups;
    private final ApplicationEventPublisher publisher;
    private final FleetLockProperties properties;
    private final Clock clock;

    RebootGroups(RebootGroupRepository store, GroupService groups, ApplicationEventPublisher publisher,
            FleetLockProperties properties, Clock clock) {
        this.store = store;
        this.groups = groups;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    /** Whether {@code name} is a valid FleetLock group label (and short enough to keep). */
    public static boolean isValidName(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_GROUP_LENGTH && GROUP_NAME.matcher(name).matches();
    }

    /**
     * {@code pre-reboot}: takes a slot for {@code holderId}, or says why not. Asking for a slot one holds
     * succeeds (the lock is recursive), unless the tied rollout stops reboots now: then the holder is told to
     * wait like everyone, and keeps its slot.
     */
    public Optional<Refusal> preReboot(String holderId, String groupName) {
        var now = clock.instant();
        var found = store.lockGroup(groupName);
        if (found.isEmpty()) {
            if (!store.createAnonymous(groupName, properties.defaultSlots(), properties.maxAnonymousGroups(), now)) {
                return Optional.of(new Refusal(FleetLockErrorKind.TOO_MANY_GROUPS, "reboot group '" + groupName
                        + "' is unknown, and clients already created as many reboot groups as Platte keeps ("
                        + properties.maxAnonymousGroups() + "); ask an admin to configure it"));
            }
            found = store.lockGroup(groupName);
        }
        var group = found.orElseThrow();
        store.touch(groupName, now);
        var refusal = rolloutRefusal(group, now);
        if (refusal.isEmpty() && !store.holds(groupName, holderId)) {
            if (store.holderCount(groupName) >= group.slots()) {
                refusal = Optional.of(new Refusal(FleetLockErrorKind.FAILED_LOCK_SEMAPHORE_FULL, "semaphore full: all "
                        + group.slots() + " slot(s) of reboot group '" + groupName + "' are held"));
            } else {
                store.insertHolder(groupName, holderId, now);
            }
        }
        refusal.ifPresent(r -> store.recordRefusal(groupName, holderId, r.kind(), r.value(), now, KEPT_REFUSALS));
        return refusal;
    }

    /** {@code steady-state}: gives the slot back; releasing one not held (or of an unknown group) succeeds too. */
    public void steadyState(String holderId, String groupName) {
        store.deleteHolder(groupName, holderId);
    }

    /** The tied rollout's word on rebooting now: paused, or (when asked for) outside every maintenance window. */
    private Optional<Refusal> rolloutRefusal(RebootGroupRepository.GroupRow group, Instant now) {
        var tied = tiedGroups(group.tie(), group.tiedGroupId(), group.name());
        for (var platteGroup : tied) {
            if (platteGroup.pausedAt() != null) {
                return Optional.of(new Refusal(FleetLockErrorKind.ROLLOUT_PAUSED, "rollout of group '"
                        + platteGroup.name() + "' is paused: " + platteGroup.pausedReason()));
            }
        }
        if (group.windowsOnly()) {
            for (var platteGroup : tied) {
                if (!MaintenanceWindow.allows(platteGroup.policySettings().windows(), now)) {
                    return Optional.of(new Refusal(FleetLockErrorKind.OUTSIDE_WINDOW, "group '" + platteGroup.name()
                            + "' lets nodes reboot only inside its maintenance windows, and none is open now"));
                }
            }
        }
        return Optional.empty();
    }

    private List<UpdateGroup> tiedGroups(Tie tie, UUID tiedGroupId, String name) {
        return switch (tie) {
            case TRACK -> groups.groupsWithTrack(name);
            case GROUP -> tiedGroupId == null ? List.of() : groups.findGroup(tiedGroupId).map(List::of).orElse(List.of());
            case NONE -> List.of();
        };
    }

    @Transactional(readOnly = true)
    public List<RebootGroupView> list() {
        return views(store.allGroups());
    }

    @Transactional(readOnly = true)
    public RebootGroupView get(String name) {
        return views(List.of(store.findGroup(name).orElseThrow(() -> NotFoundException.of("reboot group", name))))
                .getFirst();
    }

    /** The slots an instance holds: under its machine id, or under the id Zincati derives from it. */
    @Transactional(readOnly = true)
    public List<InstanceLock> locksOf(String machineId) {
        var holderIds = new ArrayList<String>(List.of(machineId));
        ZincatiIds.holderIdOf(machineId).ifPresent(holderIds::add);
        return store.locksOf(holderIds);
    }

    /** Creates or reconfigures a reboot group; an admin's configuration is kept until deleted. */
    public RebootGroupView configure(String name, RebootGroupSettings settings) {
        if (!isValidName(name)) {
            throw new InvalidInputException("name", "must match ^[a-zA-Z0-9.-]+$ and be at most " + MAX_GROUP_LENGTH
                    + " characters");
        }
        var slots = settings.slots() == null ? properties.defaultSlots() : settings.slots();
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new InvalidInputException("slots", "must be between 1 and " + MAX_SLOTS);
        }
        var tie = settings.tie() == null ? Tie.TRACK : settings.tie();
        if (tie == Tie.GROUP) {
            if (settings.tiedGroupId() == null) {
                throw new InvalidInputException("tiedGroupId", "name the group to tie to");
            }
            if (groups.findGroup(settings.tiedGroupId()).isEmpty()) {
                throw new InvalidInputException("tiedGroupId", "no such group");
            }
        } else if (settings.tiedGroupId() != null) {
            throw new InvalidInputException("tiedGroupId", "only with tie 'group'");
        }
        Integer maxHoldSeconds = null;
        if (settings.maxHold() != null) {
            var maxHold = settings.maxHold();
            if (maxHold.compareTo(Duration.ofMinutes(1)) < 0 || maxHold.compareTo(Duration.ofDays(30)) > 0) {
                throw new InvalidInputException("maxHold", "must be between PT1M and P30D, or absent for no limit");
            }
            maxHoldSeconds = (int) maxHold.toSeconds();
        }
        var before = store.lockGroup(name).map(RebootGroups::snapshot).orElse(null);
        store.upsertConfigured(name, slots, tie, tie == Tie.GROUP ? settings.tiedGroupId() : null, maxHoldSeconds,
                Boolean.TRUE.equals(settings.windowsOnly()), clock.instant());
        var after = store.findGroup(name).orElseThrow();
        publisher.publishEvent(new RebootGroupConfigured(name, before, snapshot(after), AuditTrail.currentActor()));
        return views(List.of(after)).getFirst();
    }

    /** Deletes a reboot group with its holders; a client naming it again recreates it with the defaults. */
    public void delete(String name) {
        var group = store.lockGroup(name).orElseThrow(() -> NotFoundException.of("reboot group", name));
        var before = snapshot(group);
        before.put("holders", store.holders(List.of(name)).stream().map(RebootGroupRepository.HolderRow::holderId).toList());
        store.deleteGroup(name);
        publisher.publishEvent(new RebootGroupDeleted(name, before, AuditTrail.currentActor()));
    }

    /** An admin frees the slot of a holder that will not give it back (a node that died mid-reboot). */
    public void release(String name, String holderId) {
        store.lockGroup(name).orElseThrow(() -> NotFoundException.of("reboot group", name));
        var released = store.deleteHolder(name, holderId)
                .orElseThrow(() -> new NotFoundException("'" + holderId + "' holds no slot of reboot group '" + name + "'"));
        publisher.publishEvent(new RebootLockReleased(name, holderId, released.acquiredAt(), AuditTrail.currentActor()));
    }

    /**
     * Releases holders past their group's maximum hold time, each with an activity entry, in batches; returns
     * how many. Every replica may run it at once: each expired row is deleted, and reported, exactly once.
     */
    public int expireOverdueHolders() {
        var now = clock.instant();
        var expired = store.deleteExpired(now, EXPIRY_BATCH);
        for (var lock : expired) {
            var tied = tiedGroups(lock.tie(), lock.tiedGroupId(), lock.groupName());
            var platteGroup = tied.size() == 1 ? tied.getFirst() : null;
            var machineId = lock.knownInstance() ? lock.holderId() : null;
            publisher.publishEvent(new RebootLockExpired(lock.groupName(), lock.holderId(),
                    platteGroup == null ? null : platteGroup.applicationId(),
                    platteGroup == null ? null : platteGroup.id(), machineId,
                    human(Duration.between(lock.acquiredAt(), now)), human(Duration.ofSeconds(lock.maxHoldSeconds()))));
        }
        return expired.size();
    }

    /** Deletes reboot groups clients created and then forgot; returns how many. */
    public int pruneIdleGroups() {
        return store.deleteIdle(clock.instant().minus(properties.idleGroupRetention()));
    }

    private List<RebootGroupView> views(List<RebootGroupRepository.GroupRow> rows) {
        var names = rows.stream().map(RebootGroupRepository.GroupRow::name).toList();
        var holders = store.holders(names).stream()
                .collect(Collectors.groupingBy(RebootGroupRepository.HolderRow::groupName));
        var refusals = store.refusals(names).stream()
                .collect(Collectors.groupingBy(RebootGroupRepository.RefusalRow::groupName));
        var allGroups = rows.stream().anyMatch(row -> row.tie() == Tie.TRACK) ? groups.allGroups() : List.<UpdateGroup>of();
        var views = new ArrayList<RebootGroupView>(rows.size());
        for (var row : rows) {
            var tied = switch (row.tie()) {
                case TRACK -> allGroups.stream().filter(g -> g.track().equals(row.name())).toList();
                default -> tiedGroups(row.tie(), row.tiedGroupId(), row.name());
            };
            var groupHolders = holders.getOrDefault(row.name(), List.of());
            views.add(new RebootGroupView(row.name(), row.slots(), groupHolders.size(), row.tie().wireName(),
                    tied.stream().map(g -> new RebootGroupView.TiedGroup(g.applicationId(), g.id(), g.name(), g.track(),
                            g.pausedAt() != null, g.pausedReason())).toList(),
                    row.maxHold(), row.windowsOnly(), row.configured(), row.createdAt(), row.lastUsedAt(),
                    groupHolders.stream().map(h -> new RebootGroupView.Holder(h.holderId(), h.acquiredAt(),
                            h.knownInstance(), expiry(h.acquiredAt(), row.maxHold()))).toList(),
                    refusals.getOrDefault(row.name(), List.of()).stream()
                            .map(r -> new RebootGroupView.RefusalEntry(r.holderId(), r.kind(), r.message(), r.refusedAt()))
                            .toList()));
        }
        return views;
    }

    private static Instant expiry(Instant since, Duration maxHold) {
        return maxHold == null ? null : since.plus(maxHold);
    }

    private static Map<String, Object> snapshot(RebootGroupRepository.GroupRow group) {
        var map = new LinkedHashMap<String, Object>();
        map.put("name", group.name());
        map.put("slots", group.slots());
        map.put("tie", group.tie().wireName());
        map.put("tiedGroupId", group.tiedGroupId());
        map.put("maxHold", group.maxHold());
        map.put("windowsOnly", group.windowsOnly());
        return map;
    }

    private static String human(Duration duration) {
        return duration.truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
