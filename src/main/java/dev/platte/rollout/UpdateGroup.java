package dev.platte.rollout;

import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.StaleVersionException;
import dev.platte.rollout.policy.AutoHalt;
import dev.platte.rollout.policy.GroupPolicy;
import dev.platte.rollout.policy.MaintenanceWindow;
import dev.platte.rollout.policy.Ramp;
import dev.platte.rollout.policy.WaveGate;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A set of nodes that follow one channel, addressed by the {@code track} update_engine sends
 * ({@code GROUP=} in update.conf), with the policy that paces their updates.
 */
@Entity
@Table(name = "update_group")
public class UpdateGroup extends AbstractAggregateRoot<UpdateGroup> {

    @Id
    private UUID id;

    @Column(name = "application_id", updatable = false)
    private UUID applicationId;

    private String name;

    private String description;

    private String track;

    @Column(name = "channel_id")
    private UUID channelId;

    @Column(name = "updates_enabled")
    private boolean updatesEnabled = true;

    @Column(name = "paused_at")
    private Instant pausedAt;

    @Column(name = "paused_by")
    private String pausedBy;

    @Column(name = "paused_reason")
    private String pausedReason;

    @Column(name = "safe_mode")
    private boolean safeMode;

    @Column(name = "max_updates_per_period")
    private Integer maxUpdatesPerPeriod;

    @Column(name = "update_period_seconds")
    private int updatePeriodSeconds = 3600;

    @Column(name = "update_timeout_seconds")
    private int updateTimeoutSeconds = 3600;

    @Column(name = "max_concurrent_updates")
    private Integer maxConcurrentUpdates;

    @Column(name = "poll_interval_seconds")
    private Integer pollIntervalSeconds;

    @Column(name = "ramp_start_percent")
    private Integer rampStartPercent;

    @Column(name = "ramp_duration_seconds")
    private Integer rampDurationSeconds;

    @Column(name = "halt_failure_count")
    private Integer haltFailureCount;

    @Column(name = "halt_failure_percent")
    private Integer haltFailurePercent;

    @Column(name = "halt_min_attempts")
    private int haltMinAttempts = AutoHalt.DEFAULT_MIN_ATTEMPTS;

    @Column(name = "paused_automatically")
    private boolean pausedAutomatically;

    @Column(name = "hold_missing_extension")
    private boolean holdMissingExtension = true;

    /** Written only by the gate evaluator (without touching row_version), so never by an edit of the group. */
    @Column(name = "gate_hold", insertable = false, updatable = false)
    private boolean gateHold;

    /** The previous wave, when this group is a wave; see {@link WaveEvaluator}. */
    @Column(name = "follows_group_id")
    private UUID followsGroupId;

    @Column(name = "wave_completion_percent")
    private int waveCompletionPercent = 100;

    @Column(name = "wave_soak_seconds")
    private int waveSoakSeconds;

    /** Written only by the wave evaluator, like {@link #gateHold}. */
    @Column(name = "wave_open_version", insertable = false, updatable = false)
    private String waveOpenVersion;

    @Column(name = "wave_ready_version", insertable = false, updatable = false)
    private String waveReadyVersion;

    @Column(name = "wave_ready_since", insertable = false, updatable = false)
    private Instant waveReadySince;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "group_maintenance_window", joinColumns = @JoinColumn(name = "group_id"))
    @OrderColumn(name = "position")
    private List<WindowRow> windows = new ArrayList<>();

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected UpdateGroup() {}

    UpdateGroup(UUID applicationId, String name, String description, String track, UUID channelId,
            Instant createdAt) {
        this.id = UUID.randomUUID();
        this.applicationId = applicationId;
        this.createdAt = createdAt;
        describe(name, description, track, channelId);
    }

    void describe(String name, String description, String track, UUID channelId) {
        if (track == null || track.isBlank()) {
            throw new InvalidInputException("track", "must not be blank");
        }
        this.name = name;
        this.description = description == null ? "" : description;
        this.track = track;
        this.channelId = channelId;
    }

    void changePolicy(PolicySettings settings) {
        checkPositive("policy.maxUpdatesPerPeriod", settings.maxUpdatesPerPeriod());
        checkPositive("policy.maxConcurrentUpdates", settings.maxConcurrentUpdates());
        var poll = settings.pollIntervalSeconds();
        if (poll != null && (poll < GroupRules.MIN_POLL_INTERVAL_SECONDS || poll > GroupRules.MAX_POLL_INTERVAL_SECONDS)) {
            throw new InvalidInputException("policy.pollIntervalSeconds", GroupRules.POLL_INTERVAL_MESSAGE);
        }
        this.updatesEnabled = settings.updatesEnabled();
        this.safeMode = settings.safeMode();
        this.maxUpdatesPerPeriod = settings.maxUpdatesPerPeriod();
        this.updatePeriodSeconds = positiveSeconds("policy.updatePeriod", settings.updatePeriod());
        this.maxConcurrentUpdates = settings.maxConcurrentUpdates();
        this.updateTimeoutSeconds = positiveSeconds("policy.updateTimeout", settings.updateTimeout());
        this.pollIntervalSeconds = settings.pollIntervalSeconds();
        var ramp = settings.ramp();
        this.rampStartPercent = ramp == null ? null : ramp.startPercent();
        this.rampDurationSeconds = ramp == null ? null : positiveSeconds("policy.ramp.duration", ramp.duration());
        var halt = settings.autoHalt();
        this.haltFailureCount = halt == null ? null : halt.failureCount();
        this.haltFailurePercent = halt == null ? null : halt.failurePercent();
        this.haltMinAttempts = halt == null ? AutoHalt.DEFAULT_MIN_ATTEMPTS : halt.minAttempts();
        this.windows.clear();
        settings.windows().stream().map(WindowRow::of).forEach(this.windows::add);
        this.holdMissingExtension = settings.holdMissingExtension();
    }

    private static void checkPositive(String field, Integer value) {
        if (value != null && value <= 0) {
            throw new InvalidInputException(field, "must be positive, or absent for unlimited");
        }
    }

    private static int positiveSeconds(String field, Duration duration) {
        if (!GroupRules.isPositive(duration)) {
            throw new InvalidInputException(field, GroupRules.POSITIVE_DURATION_MESSAGE);
        }
        return (int) duration.toSeconds();
    }

    /**
     * Makes the group a wave following {@code followsGroupId} ({@code null}: no wave), resolved and checked
     * (same application, no cycle) by {@link GroupService}.
     */
    void follow(UUID followsGroupId, Wave wave) {
        if (followsGroupId == null) {
            this.followsGroupId = null;
            this.waveCompletionPercent = 100;
            this.waveSoakSeconds = 0;
            return;
        }
        if (wave.completionPercent() < GroupRules.MIN_WAVE_COMPLETION_PERCENT || wave.completionPercent() > 100) {
            throw new InvalidInputException("policy.waveCompletionPercent",
                    "must be between " + GroupRules.MIN_WAVE_COMPLETION_PERCENT + " and 100");
        }
        if (wave.soak() == null || wave.soak().isNegative() || wave.soak().toSeconds() > Integer.MAX_VALUE) {
            throw new InvalidInputException("policy.waveSoak", "must be a duration such as PT2H, or PT0S for none");
        }
        this.followsGroupId = followsGroupId;
        this.waveCompletionPercent = wave.completionPercent();
        this.waveSoakSeconds = (int) wave.soak().toSeconds();
    }

    /** The group this one follows as its next wave, or {@code null}. */
    public UUID followsGroupId() {
        return followsGroupId;
    }

    /** The version this wave has opened for (its previous wave was done with it), or {@code null}. */
    public String waveOpenVersion() {
        return waveOpenVersion;
    }

    /** The version the previous wave was last seen ready for, waiting out the soak; {@code null} if none. */
    public String waveReadyVersion() {
        return waveReadyVersion;
    }

    public Instant waveReadySince() {
        return waveReadySince;
    }

    /**
     * Stops new grants at once; nodes already updating carry on. Raises {@link GroupPaused}.
     *
     * @param rollout the group's rollout, whose numbers the event reports ({@code null} when it has none)
     */
    void pause(String reason, String actor, Instant now, GroupRollout rollout) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "say why the group is paused");
        }
        if (pausedAt != null) {
            throw new ConflictException("the group is already paused: " + pausedReason);
        }
        var before = snapshot();
        this.pausedAt = now;
        this.pausedBy = actor;
        this.pausedReason = reason.strip();
        this.pausedAutomatically = false;
        paused(PauseCause.PERSON, before, rollout);
    }

    /**
     * Something other than a person stopping the rollout: Platte itself ({@code actor} {@code platte}) or a named
     * automaton such as {@code gate:<name>}. A group already paused stays paused for its first reason, and raises
     * nothing; else it raises {@link GroupPaused}.
     *
     * @return whether it paused now
     */
    boolean pauseAutomatically(PauseCause cause, String reason, String actor, Instant now, GroupRollout rollout) {
        if (cause == PauseCause.PERSON) {
            throw new IllegalArgumentException("a person pauses with a reason of their own: pause(...)");
        }
        if (pausedAt != null) {
            return false;
        }
        var before = snapshot();
        this.pausedAt = now;
        this.pausedBy = actor;
        this.pausedReason = reason;
        this.pausedAutomatically = true;
        paused(cause, before, rollout);
        return true;
    }

    private void paused(PauseCause cause, Map<String, Object> before, GroupRollout rollout) {
        registerEvent(new GroupPaused(applicationId, id, name, cause, pausedBy, pausedReason,
                rollout == null ? null : rollout.targetVersion(), rollout == null ? null : rollout.attempts(),
                rollout == null ? null : rollout.failures(), pausedAt, before, snapshot()));
    }

    /**
     * Lets the rollout go on; raises {@link GroupResumed}.
     *
     * @param reason why, or {@code null}
     * @param automatic whether {@code actor} is the automaton that paused it (a resolved alert), not a person
     */
    void resume(String actor, String reason, boolean automatic, Instant now) {
        if (pausedAt == null) {
            throw new ConflictException("the group is not paused");
        }
        var before = snapshot();
        var previousReason = pausedReason;
        var previousPausedAt = pausedAt;
        this.pausedAt = null;
        this.pausedBy = null;
        this.pausedReason = null;
        this.pausedAutomatically = false;
        registerEvent(new GroupResumed(applicationId, id, name, actor, reason, previousReason, previousPausedAt, now,
                automatic, before, snapshot()));
    }

    /** The events raised since it was last saved. */
    List<Object> raisedEvents() {
        return List.copyOf(domainEvents());
    }

    public boolean pausedAutomatically() {
        return pausedAutomatically;
    }

    /** One of its health gates is unknown and holds new grants. */
    public boolean gateHold() {
        return gateHold;
    }

    public Integer pollIntervalSeconds() {
        return pollIntervalSeconds;
    }

    public UUID id() {
        return id;
    }

    public UUID applicationId() {
        return applicationId;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String track() {
        return track;
    }

    public UUID channelId() {
        return channelId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant pausedAt() {
        return pausedAt;
    }

    public String pausedBy() {
        return pausedBy;
    }

    public String pausedReason() {
        return pausedReason;
    }

    public PolicySettings policySettings() {
        return new PolicySettings(updatesEnabled, safeMode, maxUpdatesPerPeriod, Duration.ofSeconds(updatePeriodSeconds),
                maxConcurrentUpdates, Duration.ofSeconds(updateTimeoutSeconds), pollIntervalSeconds, ramp(), autoHalt(),
                windows.stream().map(WindowRow::toWindow).toList(), holdMissingExtension, wave());
    }

    private Wave wave() {
        return followsGroupId == null
                ? null
                : new Wave(followsGroupId.toString(), waveCompletionPercent, Duration.ofSeconds(waveSoakSeconds));
    }

    public GroupPolicy policy() {
        var settings = policySettings();
        return new GroupPolicy(updatesEnabled, pausedAt != null, safeMode, maxUpdatesPerPeriod, settings.updatePeriod(),
                maxConcurrentUpdates, settings.updateTimeout(), settings.windows(), settings.ramp(), settings.autoHalt(),
                holdMissingExtension, gateHold, followsGroupId == null ? null : new WaveGate(waveOpenVersion));
    }

    private Ramp ramp() {
        return rampStartPercent == null ? null : new Ramp(rampStartPercent, Duration.ofSeconds(rampDurationSeconds));
    }

    private AutoHalt autoHalt() {
        return haltFailureCount == null && haltFailurePercent == null
                ? null
                : new AutoHalt(haltFailureCount, haltFailurePercent, haltMinAttempts);
    }

    /** The parts of a group's policy an admin edits directly (pausing is a separate, recorded action). */
    public record PolicySettings(
            boolean updatesEnabled,
            boolean safeMode,
            Integer maxUpdatesPerPeriod,
            Duration updatePeriod,
            Integer maxConcurrentUpdates,
            Duration updateTimeout,
            Integer pollIntervalSeconds,
            Ramp ramp,
            AutoHalt autoHalt,
            List<MaintenanceWindow> windows,
            boolean holdMissingExtension,
            Wave wave) {

        public PolicySettings {
            windows = windows == null ? List.of() : List.copyOf(windows);
        }

        /** A group that is no wave. */
        public PolicySettings(boolean updatesEnabled, boolean safeMode, Integer maxUpdatesPerPeriod,
                Duration updatePeriod, Integer maxConcurrentUpdates, Duration updateTimeout,
                Integer pollIntervalSeconds, Ramp ramp, AutoHalt autoHalt, List<MaintenanceWindow> windows,
                boolean holdMissingExtension) {
            this(updatesEnabled, safeMode, maxUpdatesPerPeriod, updatePeriod, maxConcurrentUpdates, updateTimeout,
                    pollIntervalSeconds, ramp, autoHalt, windows, holdMissingExtension, null);
        }

        public static PolicySettings defaults() {
            return new PolicySettings(true, false, null, Duration.ofHours(1), null, Duration.ofHours(1), null, null,
                    null, List.of(), true, null);
        }
    }

    /**
     * A group as a wave: it rolls out a version once the group it {@code follows} (its id or name, in the same
     * application) runs it on {@code completionPercent} of its active nodes, healthy, for {@code soak}.
     */
    public record Wave(String follows, int completionPercent, Duration soak) {

        /** A wave with the defaults for what is absent: the whole previous wave, no soak. */
        public static Wave of(String follows, Integer completionPercent, Duration soak) {
            return new Wave(follows.strip(), completionPercent == null ? 100 : completionPercent,
                    soak == null ? Duration.ZERO : soak);
        }
    }

    /** What the audit trail records of it. */
    public Map<String, Object> snapshot() {
        var map = new LinkedHashMap<String, Object>();
        map.put("id", id);
        map.put("name", name);
        map.put("description", description);
        map.put("track", track);
        map.put("channelId", channelId);
        map.put("policy", policySettings());
        map.put("pausedAt", pausedAt);
        map.put("pausedBy", pausedBy);
        map.put("pausedReason", pausedReason);
        return map;
    }

    /** Its version for optimistic concurrency, sent as the ETag. */
    public long rowVersion() {
        return rowVersion;
    }

    /** Refuses an edit based on an older read; {@code null} means the caller did not say (If-Match absent). */
    void expectVersion(Long expected) {
        if (expected != null && expected != rowVersion) {
            throw new StaleVersionException("this group", expected, rowVersion);
        }
    }
}
