package dev.platte.gate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Prometheus health gate of a group, with the state of its evaluations. It owns the breach rule: a breach
 * is {@code consecutiveEvaluations} breaching evaluations in a row, and it is reported once, when reached.
 */
@Entity
@Table(name = "group_gate")
public class Gate {

    @Id
    private UUID id;

    @Column(name = "group_id", updatable = false)
    private UUID groupId;

    private String name;

    private String query;

    private Double threshold;

    @Column(name = "consecutive_evaluations")
    private int consecutiveEvaluations;

    @Column(name = "interval_seconds")
    private int intervalSeconds;

    @Column(name = "soak_seconds")
    private int soakSeconds;

    @Column(name = "on_unknown")
    private String onUnknown;

    @Column(name = "prometheus_url")
    private String prometheusUrl;

    private String state;

    @Column(name = "breach_streak")
    private int breachStreak;

    @Column(name = "breaching_since")
    private Instant breachingSince;

    @Column(name = "last_evaluated_at")
    private Instant lastEvaluatedAt;

    @Column(name = "last_value")
    private Double lastValue;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "next_evaluation_at")
    private Instant nextEvaluationAt;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected Gate() {}

    Gate(UUID groupId, GateSettings settings, Instant now) {
        this.id = UUID.randomUUID();
        this.groupId = groupId;
        this.createdAt = now;
        this.state = GateState.PENDING.wireName();
        this.nextEvaluationAt = now;
        change(settings, now);
    }

    /** New settings start a new count: a streak measured by another query means nothing for this one. */
    void change(GateSettings settings, Instant now) {
        this.name = settings.name();
        this.query = settings.query();
        this.threshold = settings.threshold();
        this.consecutiveEvaluations = settings.consecutiveEvaluations();
        this.intervalSeconds = (int) settings.interval().toSeconds();
        this.soakSeconds = (int) settings.soak().toSeconds();
        this.onUnknown = settings.onUnknown().wireName();
        this.prometheusUrl = settings.prometheusUrl();
        this.breachStreak = 0;
        this.breachingSince = null;
        this.nextEvaluationAt = now;
    }

    /** Claimed for an evaluation now: no other replica claims it again before the interval has passed. */
    void claim(Instant now) {
        this.nextEvaluationAt = now.plusSeconds(intervalSeconds);
    }

    /** What one evaluation found and what it changed. */
    public enum Transition {
        NONE,
        BREACHED,
        RECOVERED,
        BECAME_UNKNOWN,
        BECAME_KNOWN
    }

    /** Records a query answer: {@code values} are the samples' values (empty when nothing matched). */
    Transition recordSamples(List<Double> values, Instant now) {
        var previous = state();
        var max = values.stream().max(Double::compare).orElse(null);
        var breaching = threshold == null ? !values.isEmpty() : values.stream().anyMatch(v -> v > threshold);
        this.lastEvaluatedAt = now;
        this.lastValue = max;
        this.lastError = null;
        if (breaching) {
            if (breachStreak == 0) {
                breachingSince = now;
            }
            breachStreak++;
            this.state = (breachStreak >= consecutiveEvaluations ? GateState.BREACHED : GateState.OK).wireName();
            if (breachStreak == consecutiveEvaluations) {
                return Transition.BREACHED;
            }
            return previous == GateState.UNKNOWN ? Transition.BECAME_KNOWN : Transition.NONE;
        }
        var wasBreached = breachStreak >= consecutiveEvaluations;
        breachStreak = 0;
        breachingSince = null;
        this.state = GateState.OK.wireName();
        if (wasBreached) {
            return Transition.RECOVERED;
        }
        return previous == GateState.UNKNOWN ? Transition.BECAME_KNOWN : Transition.NONE;
    }

    /** Prometheus could not answer: the streak neither grows nor resets, as nothing was learnt. */
    Transition recordUnknown(String error, Instant now) {
        var previous = state();
        this.lastEvaluatedAt = now;
        this.lastValue = null;
        this.lastError = error.length() > 500 ? error.substring(0, 500) : error;
        this.state = GateState.UNKNOWN.wireName();
        return previous == GateState.UNKNOWN ? Transition.NONE : Transition.BECAME_UNKNOWN;
    }

    /** Not evaluated while the group has no rollout to watch; a later rollout counts from zero. */
    void idle() {
        this.state = GateState.IDLE.wireName();
        this.breachStreak = 0;
        this.breachingSince = null;
    }

    /** Whether the gate is watched at {@code now}: while a rollout runs, and for the soak after it completed. */
    boolean watches(Instant rolloutStartedAt, Instant rolloutCompletedAt, Instant now) {
        return rolloutStartedAt != null
                && (rolloutCompletedAt == null || !now.isAfter(rolloutCompletedAt.plusSeconds(soakSeconds)));
    }

    /** Whether this gate holds its group's new grants now. */
    public boolean holds() {
        return state() == GateState.UNKNOWN && unknownBehaviour() == UnknownBehaviour.HOLD;
    }

    public GateSettings settings() {
        return new GateSettings(name, query, threshold, consecutiveEvaluations, Duration.ofSeconds(intervalSeconds),
                Duration.ofSeconds(soakSeconds), unknownBehaviour(), prometheusUrl);
    }

    public Map<String, Object> snapshot() {
        var map = new LinkedHashMap<String, Object>();
        map.put("id", id);
        map.put("groupId", groupId);
        map.put("settings", settings());
        return map;
    }

    public UnknownBehaviour unknownBehaviour() {
        return UnknownBehaviour.valueOf(onUnknown.toUpperCase(java.util.Locale.ROOT));
    }

    public UUID id() {
        return id;
    }

    public UUID groupId() {
        return groupId;
    }

    public String name() {
        return name;
    }

    public String query() {
        return query;
    }

    public Double threshold() {
        return threshold;
    }

    public GateState state() {
        return GateState.fromWireName(state);
    }

    public int breachStreak() {
        return breachStreak;
    }

    public Instant breachingSince() {
        return breachingSince;
    }

    public Instant lastEvaluatedAt() {
        return lastEvaluatedAt;
    }

    public Double lastValue() {
        return lastValue;
    }

    public String lastError() {
        return lastError;
    }

    public Instant nextEvaluationAt() {
        return nextEvaluationAt;
    }

    public String prometheusUrl() {
        return prometheusUrl;
    }
}
