package dev.platte.rollout;

import dev.platte.audit.AuditTrail;
import dev.platte.catalog.Arch;
import dev.platte.catalog.Application;
import dev.platte.catalog.ChannelService;
import dev.platte.catalog.Channel;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Groups: which channel a set of nodes follows and how fast they move to its package. */
@Service
@Transactional
public class GroupService {

    private final UpdateGroupRepository groups;
    private final GroupRolloutRepository rollouts;
    private final ChannelService channels;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    GroupService(UpdateGroupRepository groups, GroupRolloutRepository rollouts, ChannelService channels, Clock clock,
            ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.groups = groups;
        this.rollouts = rollouts;
        this.channels = channels;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<UpdateGroup> groups(Application application) {
        return groups.findByApplicationIdOrderByName(application.id());
    }

    @Transactional(readOnly = true)
    public UpdateGroup group(Application application, UUID groupId) {
        return groups.findByIdAndApplicationId(groupId, application.id())
                .orElseThrow(() -> NotFoundException.of("group", groupId));
    }

    public UpdateGroup createGroup(Application application, GroupSpec spec) {
        if (groups.existsByApplicationIdAndName(application.id(), spec.name())) {
            throw new ConflictException("a group named '" + spec.name() + "' already exists");
        }
        var channel = channelOf(application, spec.channelId());
        checkTrackFree(application.id(), spec.track(), channel, null);
        var group = new UpdateGroup(application.id(), spec.name(), spec.description(), spec.track(), spec.channelId(),
                clock.instant());
        var policy = spec.policy() == null ? UpdateGroup.PolicySettings.defaults() : spec.policy();
        group.changePolicy(policy);
        group.follow(previousWave(application.id(), group.id(), policy.wave()), policy.wave());
        var saved = groups.save(group);
        publisher.publishEvent(new GroupCreated(saved.applicationId(), saved.id(), saved.name(), saved.snapshot(),
                AuditTrail.currentActor()));
        return saved;
    }

    /** @param expectedVersion the version the caller read (If-Match), or {@code null} */
    public UpdateGroup updateGroup(Application application, UUID groupId, GroupSpec spec, Long expectedVersion) {
        var group = group(application, groupId);
        group.expectVersion(expectedVersion);
        if (!group.name().equals(spec.name()) && groups.existsByApplicationIdAndName(group.applicationId(), spec.name())) {
            throw new ConflictException("a group named '" + spec.name() + "' already exists");
        }
        var channel = channelOf(application, spec.channelId());
        checkTrackFree(group.applicationId(), spec.track(), channel, group.id());
        var before = group.snapshot();
        group.describe(spec.name(), spec.description(), spec.track(), spec.channelId());
        if (spec.policy() != null) {
            group.changePolicy(spec.policy());
            group.follow(previousWave(group.applicationId(), group.id(), spec.policy().wave()), spec.policy().wave());
        }
        publisher.publishEvent(new GroupUpdated(group.applicationId(), group.id(), group.name(), before,
                group.snapshot(), AuditTrail.currentActor()));
        return group;
    }

    public void deleteGroup(Application application, UUID groupId) {
        var group = group(application, groupId);
        var followers = groups.findByFollowsGroupId(group.id());
        if (!followers.isEmpty()) {
            throw new ConflictException("group '" + followers.getFirst().name() + "' follows '" + group.name()
                    + "' as its next wave: make it follow another group or none first");
        }
        groups.delete(group);
        publisher.publishEvent(new GroupDeleted(group.applicationId(), group.id(), group.name(), group.snapshot(),
                AuditTrail.currentActor()));
    }

    /**
     * The group a wave follows, by id or name: one of the same application, never the group itself nor one that
     * (through its own previous waves) follows it. Wave settings are one rule for API, pages and configuration.
     */
    private UUID previousWave(UUID applicationId, UUID self, UpdateGroup.Wave wave) {
        if (wave == null) {
            return null;
        }
        var reference = wave.follows() == null ? "" : wave.follows().strip();
        if (reference.isEmpty()) {
            throw new InvalidInputException("policy.follows", "name the group this wave follows (its id or name)");
        }
        var byId = parseUuid(reference).flatMap(groups::findById);
        if (byId.isPresent() && !byId.get().applicationId().equals(applicationId)) {
            throw new InvalidInputException("policy.follows",
                    "a wave follows a group of its own application; '" + reference + "' belongs to another");
        }
        var previous = byId.or(() -> groups.findByApplicationIdOrderByName(applicationId).stream()
                        .filter(candidate -> candidate.name().equals(reference)).findFirst())
                .orElseThrow(() -> new InvalidInputException("policy.follows",
                        "no group '" + reference + "' in this application"));
        // Walk back along the previous waves: meeting this group again would make the waves wait for each other.
        var seen = new java.util.HashSet<UUID>();
        for (var step = previous; step != null; step = step.followsGroupId() == null ? null
                : groups.findById(step.followsGroupId()).orElse(null)) {
            if (step.id().equals(self)) {
                throw new InvalidInputException("policy.follows", step == previous
                        ? "a group cannot follow itself"
                        : "'" + previous.name() + "' already follows this group (directly or through other waves): "
                                + "waves cannot form a cycle");
            }
            if (!seen.add(step.id())) {
                break;
            }
        }
        return previous.id();
    }

    /**
     * Whether {@code settings} is what the group has: a wave naming the group it follows by name or by id is
     * the same wave (configuration documents name it).
     */
    @Transactional(readOnly = true)
    public boolean hasPolicy(UpdateGroup group, UpdateGroup.PolicySettings settings) {
        var current = group.policySettings();
        var wave = settings.wave();
        if (wave == null || current.wave() == null || wave.follows() == null) {
            return settings.equals(current);
        }
        var reference = wave.follows().strip();
        var follows = parseUuid(reference).map(UUID::toString).orElseGet(() ->
                groups.findByApplicationIdOrderByName(group.applicationId()).stream()
                        .filter(candidate -> candidate.name().equals(reference)).findFirst()
                        .map(candidate -> candidate.id().toString()).orElse(reference));
        return new UpdateGroup.PolicySettings(settings.updatesEnabled(), settings.safeMode(),
                settings.maxUpdatesPerPeriod(), settings.updatePeriod(), settings.maxConcurrentUpdates(),
                settings.updateTimeout(), settings.pollIntervalSeconds(), settings.ramp(), settings.autoHalt(),
                settings.windows(), settings.holdMissingExtension(),
                new UpdateGroup.Wave(follows, wave.completionPercent(), wave.soak())).equals(current);
    }

    /** The waves of an application in order: chains of groups following one another, each from its first wave. */
    @Transactional(readOnly = true)
    public List<List<UpdateGroup>> waveChains(Application application) {
        var all = groups(application);
        var byId = new java.util.HashMap<UUID, UpdateGroup>();
        all.forEach(group -> byId.put(group.id(), group));
        var next = new java.util.HashMap<UUID, List<UpdateGroup>>();
        for (var group : all) {
            if (group.followsGroupId() != null) {
                next.computeIfAbsent(group.followsGroupId(), id -> new ArrayList<>()).add(group);
            }
        }
        var chains = new ArrayList<List<UpdateGroup>>();
        for (var first : all) {
            if (first.followsGroupId() != null || !next.containsKey(first.id())) {
                continue;
            }
            // Depth first: a wave followed by two groups gives both, each after its predecessor.
            var chain = new ArrayList<UpdateGroup>();
            var pending = new java.util.ArrayDeque<UpdateGroup>();
            pending.push(first);
            while (!pending.isEmpty() && chain.size() <= all.size()) {
                var group = pending.pop();
                chain.add(group);
                var following = next.getOrDefault(group.id(), List.of());
                for (int i = following.size() - 1; i >= 0; i--) {
                    pending.push(following.get(i));
                }
            }
            chains.add(chain);
        }
        return chains;
    }

    /** An SRE stopping a bad release: no new grants from now on, with who and why on record. */
    public UpdateGroup pause(Application application, UUID groupId, String reason, String actor) {
        var group = group(application, groupId);
        group.pause(reason, actor, clock.instant(), rollouts.findById(group.id()).orElse(null));
        return groups.save(group);
    }

    /**
     * Something other than a person stopping the rollout (a health gate, an alert), named as {@code actor}
     * (such as {@code gate:kubelet}) in activity and audit. Returns false, recording nothing, when the group
     * is already paused: a repeated signal pauses once. Publishes {@link GroupPaused} with {@code cause}.
     */
    public boolean pauseAutomatically(UUID groupId, PauseCause cause, String reason, String actor) {
        var group = groups.findForUpdate(groupId).orElse(null);
        if (group == null) {
            return false;
        }
        if (!group.pauseAutomatically(cause, reason, actor, clock.instant(),
                rollouts.findById(group.id()).orElse(null))) {
            return false;
        }
        groups.save(group);
        return true;
    }

    /** Resumes a group only if {@code pausedBy} paused it (an alert that resolved); false otherwise. */
    public boolean resumeAutomatically(UUID groupId, String pausedBy, String reason) {
        var group = groups.findForUpdate(groupId).orElse(null);
        if (group == null || group.pausedAt() == null || !pausedBy.equals(group.pausedBy())) {
            return false;
        }
        group.resume(pausedBy, reason, true, clock.instant());
        groups.save(group);
        rollouts.findForUpdate(group.id()).ifPresent(GroupRollout::giveAnotherChance);
        return true;
    }

    /** Lets the rollout go on; after a failed canary or an auto-halt it counts failures afresh. */
    public UpdateGroup resume(Application application, UUID groupId, String reason, String actor) {
        var group = group(application, groupId);
        group.resume(actor, reason == null || reason.isBlank() ? null : reason.strip(), false, clock.instant());
        rollouts.findForUpdate(group.id()).ifPresent(GroupRollout::giveAnotherChance);
        return groups.save(group);
    }

    @Transactional(readOnly = true)
    public Optional<GroupRollout> rollout(UUID groupId) {
        return rollouts.findById(groupId);
    }

    @Transactional(readOnly = true)
    public Optional<UpdateGroup> findGroup(UUID groupId) {
        return groups.findById(groupId);
    }

    /** Every group, of any application, whose track is exactly {@code track}. */
    @Transactional(readOnly = true)
    public List<UpdateGroup> groupsWithTrack(String track) {
        return groups.findByTrackOrderByName(track);
    }

    @Transactional(readOnly = true)
    public List<UpdateGroup> allGroups() {
        return groups.findAll();
    }

    /**
     * The group a node belongs to: its track names the group (by track, by the group's id, or by a
     * legacy CoreOS group id), and among groups sharing a track the one whose channel serves the node's arch.
     */
    @Transactional(readOnly = true)
    public Optional<GroupWithChannel> findGroupFor(UUID applicationId, String track, Arch arch) {
        return placement(applicationId, track, arch, name -> groups.findByApplicationIdAndTrack(applicationId, name),
                groups::findById, channels::findChannel);
    }

    /** The placement rule itself, over any source of groups and channels (the database or a snapshot). */
    static Optional<GroupWithChannel> placement(UUID applicationId, String track, Arch arch,
            Function<String, List<UpdateGroup>> groupsByTrack, Function<UUID, Optional<UpdateGroup>> groupById,
            Function<UUID, Optional<Channel>> channelById) {
        if (track == null || track.isBlank()) {
            return Optional.empty();
        }
        var name = LegacyTracks.normalize(track);
        var candidates = new ArrayList<>(groupsByTrack.apply(name));
        parseUuid(name).flatMap(groupById)
                .filter(group -> group.applicationId().equals(applicationId))
                .filter(group -> !candidates.contains(group))
                .ifPresent(candidates::add);
        GroupWithChannel withoutChannel = null;
        for (var group : candidates) {
            if (group.channelId() == null) {
                withoutChannel = new GroupWithChannel(group, null);
                continue;
            }
            var channel = channelById.apply(group.channelId()).orElse(null);
            if (channel != null && channel.arch() == arch) {
                return Optional.of(new GroupWithChannel(group, channel));
            }
        }
        return Optional.ofNullable(withoutChannel);
    }

    /** A group and the channel it follows ({@code null} when it follows none yet). */
    public record GroupWithChannel(UpdateGroup group, Channel channel) {}

    private Channel channelOf(Application application, UUID channelId) {
        if (channelId == null) {
            return null;
        }
        try {
            return channels.channel(application, channelId);
        } catch (NotFoundException e) {
            throw new InvalidInputException("channelId", "no such channel in this application");
        }
    }

    /** Two groups with one track must follow channels of different arches, or nodes could not be placed. */
    private void checkTrackFree(UUID applicationId, String track, Channel channel, UUID self) {
        if (track == null || track.isBlank()) {
            throw new InvalidInputException("track", "must not be blank");
        }
        for (var other : groups.findByApplicationIdAndTrack(applicationId, track)) {
            if (other.id().equals(self)) {
                continue;
            }
            var otherArch = other.channelId() == null
                    ? null
                    : channels.findChannel(other.channelId()).map(Channel::arch).orElse(null);
            var arch = channel == null ? null : channel.arch();
            if (Objects.equals(otherArch, arch)) {
                throw new ConflictException("group '" + other.name() + "' already uses track '" + track + "'"
                        + (arch == null ? "" : " for " + arch.wireName()));
            }
        }
    }

    private static Optional<UUID> parseUuid(String value) {
        try {
            return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
