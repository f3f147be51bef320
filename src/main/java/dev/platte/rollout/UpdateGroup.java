package dev.platte.rollout;

import dev.platte.common.InvalidInputException;
import dev.platte.rollout.policy.GroupPolicy;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A set of nodes that follow one channel, addressed by the {@code track} update_engine sends
 * ({@code GROUP=} in update.conf), with the policy that paces their updates.
 */
@Entity
@Table(name = "update_group")
public class UpdateGroup {

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

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected UpdateGroup() {}

    UpdateGroup(UUID applicationId, String name, String description, String track, UUID channelId) {
        this.id = UUID.randomUUID();
        this.applicationId = applicationId;
        this.createdAt = Instant.now();
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
        if (settings.maxUpdatesPerPeriod() != null && settings.maxUpdatesPerPeriod() <= 0) {
            throw new InvalidInputException("maxUpdatesPerPeriod", "must be positive, or absent for unlimited");
        }
        this.updatesEnabled = settings.updatesEnabled();
        this.safeMode = settings.safeMode();
        this.maxUpdatesPerPeriod = settings.maxUpdatesPerPeriod();
        this.updatePeriodSeconds = positiveSeconds("updatePeriod", settings.updatePeriod());
        this.updateTimeoutSeconds = positiveSeconds("updateTimeout", settings.updateTimeout());
    }

    private static int positiveSeconds(String field, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero() || duration.toSeconds() > Integer.MAX_VALUE) {
            throw new InvalidInputException(field, "must be a positive duration such as PT1H");
        }
        return (int) duration.toSeconds();
    }

    /** Stops new grants at once; nodes already updating carry on. */
    void pause(String reason, String actor, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "say why the group is paused");
        }
        this.pausedAt = now;
        this.pausedBy = actor;
        this.pausedReason = reason.strip();
    }

    void resume() {
        this.pausedAt = null;
        this.pausedBy = null;
        this.pausedReason = null;
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
        return new PolicySettings(updatesEnabled, safeMode, maxUpdatesPerPeriod,
                Duration.ofSeconds(updatePeriodSeconds), Duration.ofSeconds(updateTimeoutSeconds));
    }

    public GroupPolicy policy() {
        return new GroupPolicy(updatesEnabled, pausedAt, safeMode, maxUpdatesPerPeriod,
                Duration.ofSeconds(updatePeriodSeconds), Duration.ofSeconds(updateTimeoutSeconds));
    }

    /** The parts of a group's policy an admin edits directly (pausing is a separate, recorded action). */
    public record PolicySettings(
            boolean updatesEnabled,
            boolean safeMode,
            Integer maxUpdatesPerPeriod,
            Duration updatePeriod,
            Duration updateTimeout) {

        public static PolicySettings defaults() {
            return new PolicySettings(true, false, null, Duration.ofHours(1), Duration.ofHours(1));
        }
    }
}
