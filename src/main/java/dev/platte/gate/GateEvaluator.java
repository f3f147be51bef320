package dev.platte.gate;

import dev.platte.rollout.GroupRollout;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.PauseCause;
import dev.platte.rollout.UpdateGroup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates the health gates that are due, on every replica: each claims due gates in a short transaction
 * ({@code FOR UPDATE SKIP LOCKED}, moving their next evaluation on by one interval), so a gate is evaluated
 * by one replica at a time; Prometheus is asked outside any transaction; the answer is applied under the
 * gate's row lock, pausing the group on a breach.
 */
@Component
public class GateEvaluator {

    private static final Logger log = LoggerFactory.getLogger(GateEvaluator.class);
    private static final int CLAIM_LIMIT = 50;

    private final GateRepository gates;
    private final GroupService groups;
    private final GroupGateHold holds;
    private final PrometheusClient prometheus;
    private final ApplicationEventPublisher publisher;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Map<String, Counter> evaluations = new ConcurrentHashMap<>();
    private final Map<GateState, Long> stateCounts = new EnumMap<>(GateState.class);
    private final MeterRegistry registry;

    GateEvaluator(GateRepository gates, GroupService groups, GroupGateHold holds, PrometheusClient prometheus,
            ApplicationEventPublisher publisher, JdbcTemplate jdbc, Clock clock,
            PlatformTransactionManager transactionManager, MeterRegistry registry) {
        this.gates = gates;
        this.groups = groups;
        this.holds = holds;
        this.prometheus = prometheus;
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.registry = registry;
        for (var state : GateState.values()) {
            Gauge.builder("platte.gates", this, evaluator -> evaluator.count(state))
                    .description("Health gates by state").tag("state", state.wireName()).register(registry);
        }
    }

    @Scheduled(fixedDelayString = "${platte.prometheus.evaluation-check-interval:1s}", initialDelayString = "5s")
    void scheduled() {
        try {
            evaluateDue();
        } catch (RuntimeException e) {
            log.warn("Could not evaluate health gates: {}", e.getMessage());
        }
    }

    /** Evaluates every gate due now that no other replica has claimed; returns how many it evaluated. */
    public int evaluateDue() {
        var claimed = Objects.requireNonNull(transactions.execute(tx -> claim(clock.instant())));
        for (var job : claimed) {
            var answer = prometheus.query(job.prometheusUrl(), job.query());
            transactions.executeWithoutResult(tx -> apply(job, answer, clock.instant()));
        }
        refreshStateCounts();
        return claimed.size();
    }

    private record Job(UUID gateId, String prometheusUrl, String query) {}

    private List<Job> claim(Instant now) {
        var jobs = new ArrayList<Job>();
        for (var gate : gates.claimDue(now, CLAIM_LIMIT)) {
            gate.claim(now);
            var group = groups.findGroup(gate.groupId()).orElse(null);
            var rollout = group == null ? null : groups.rollout(group.id()).orElse(null);
            if (group == null || rollout == null
                    || !gate.watches(rollout.startedAt(), rollout.completedAt(), now)) {
                if (gate.state() != GateState.IDLE) {
                    gate.idle();
                    gates.flush();
                    holds.refresh(gate.groupId());
                }
                continue;
            }
            jobs.add(new Job(gate.id(), gate.prometheusUrl(), GateQuery.render(gate.query(), placeholders(group, rollout))));
        }
        return jobs;
    }

    private Map<String, String> placeholders(UpdateGroup group, GroupRollout rollout) {
        return Map.of("group", group.name(), "track", group.track(),
                "target_version", Objects.requireNonNullElse(rollout.targetVersion(), ""),
                "previous_version", previousVersion(group.id(), rollout.targetVersion()));
    }

    /** The version most of the group's nodes not yet on the target run: the one the rollout replaces. */
    private String previousVersion(UUID groupId, String target) {
        return jdbc.query("""
                SELECT version FROM instance_app_state
                WHERE group_id = ? AND NOT retired AND version IS NOT NULL AND version <> ?
                GROUP BY version ORDER BY count(*) DESC, version DESC LIMIT 1""",
                (rs, n) -> rs.getString(1), groupId, Objects.requireNonNullElse(target, ""))
                .stream().findFirst().orElse("");
    }

    private void apply(Job job, PrometheusClient.Answer answer, Instant now) {
        var gate = gates.findForUpdate(job.gateId()).orElse(null);
        if (gate == null) {
            return;
        }
        var group = groups.findGroup(gate.groupId()).orElse(null);
        if (group == null) {
            return;
        }
        var transition = switch (answer) {
            case PrometheusClient.Answer.Samples samples -> {
                var result = gate.recordSamples(samples.values(), now);
                count(gate.state() == GateState.BREACHED || gate.breachStreak() > 0 ? "breaching" : "ok");
                yield result;
            }
            case PrometheusClient.Answer.Failure failure -> {
                count("unknown");
                yield gate.recordUnknown(failure.error(), now);
            }
        };
        switch (transition) {
            case BREACHED -> breached(gate, group, job.query(), now);
            case RECOVERED -> publisher.publishEvent(new GateRecovered(group.applicationId(), group.id(), group.name(),
                    gate.id(), gate.name(), now, gate.lastValue()));
            case BECAME_UNKNOWN -> publisher.publishEvent(new GateUnknown(group.applicationId(), group.id(),
                    group.name(), gate.id(), gate.name(), gate.holds(), gate.lastError(), now));
            case BECAME_KNOWN, NONE -> {}
        }
        gates.flush();
        holds.refresh(gate.groupId());
    }

    private void breached(Gate gate, UpdateGroup group, String query, Instant now) {
        var reason = "Gate %s breached: %s gave %s%s for %d evaluation%s since %s".formatted(gate.name(), query,
                valueText(gate.lastValue()), gate.threshold() == null ? "" : " (threshold " + gate.threshold() + ")",
                gate.breachStreak(), gate.breachStreak() == 1 ? "" : "s", gate.breachingSince());
        var paused = groups.pauseAutomatically(group.id(), PauseCause.GATE, reason, actor(gate));
        publisher.publishEvent(new GateBreached(group.applicationId(), group.id(), group.name(), gate.id(),
                gate.name(), query, gate.lastValue(), gate.breachingSince(), paused, now, reason));
    }

    static String actor(Gate gate) {
        return actor(gate.name());
    }

    /** Who a gate is in the audit trail and the activity feed. */
    static String actor(String gateName) {
        return "gate:" + gateName;
    }

    static String valueText(Double value) {
        return value == null ? "no sample" : "value " + value;
    }

    private void count(String outcome) {
        evaluations.computeIfAbsent(outcome, o -> Counter.builder("platte.gate.evaluations")
                .description("Health gate evaluations by outcome").tag("outcome", o).register(registry)).increment();
    }

    private synchronized long count(GateState state) {
        return stateCounts.getOrDefault(state, 0L);
    }

    private synchronized void refreshStateCounts() {
        stateCounts.clear();
        for (var row : gates.countByState()) {
            stateCounts.put(GateState.fromWireName((String) row[0]), ((Number) row[1]).longValue());
        }
    }
}
