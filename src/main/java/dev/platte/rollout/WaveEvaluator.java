package dev.platte.rollout;

import dev.platte.catalog.CatalogService;
import dev.platte.catalog.Channel;
import dev.platte.catalog.UpdatePackage;
import dev.platte.fleet.FleetService;
import dev.platte.rollout.policy.WaveRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opens waves. Every replica runs it; each group that follows another is evaluated under its row lock
 * ({@code FOR NO KEY UPDATE}), so replicas take turns and the second sees the first's outcome. The outcome
 * lands in {@code update_group} (version ready since when, version opened), which bumps the catalog revision:
 * the quick and the full Omaha path read the same stored answer through {@link UpdateGroup#policy()}, and no
 * replica's own reading of the census can make it differ. Opening starts the group's rollout at that moment
 * (so its ramp counts from there), publishes {@link WaveStarted} (which the activity feed shows).
 */
@Component
public class WaveEvaluator {

    private static final Logger log = LoggerFactory.getLogger(WaveEvaluator.class);

    private final UpdateGroupRepository groups;
    private final GroupRolloutRepository rollouts;
    private final CatalogService catalog;
    private final FleetService fleet;
    private final BreachedGates gates;
    private final RolloutService rolloutService;
    private final ApplicationEventPublisher publisher;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;

    WaveEvaluator(UpdateGroupRepository groups, GroupRolloutRepository rollouts, CatalogService catalog,
            FleetService fleet, BreachedGates gates, RolloutService rolloutService,
            ApplicationEventPublisher publisher, JdbcTemplate jdbc, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.groups = groups;
        this.rollouts = rollouts;
        this.catalog = catalog;
        this.fleet = fleet;
        this.gates = gates;
        this.rolloutService = rolloutService;
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Scheduled(fixedDelayString = "${platte.waves.evaluation-interval:5s}", initialDelayString = "5s")
    void scheduled() {
        try {
            evaluateAll();
        } catch (RuntimeException e) {
            log.warn("Could not evaluate waves: {}", e.getMessage());
        }
    }

    /** Evaluates every wave now; returns how many opened. */
    public int evaluateAll() {
        var followers = Objects.requireNonNull(transactions.execute(tx -> groups.findByFollowsGroupIdNotNull()
                .stream().map(UpdateGroup::id).toList()));
        int opened = 0;
        for (var groupId : followers) {
            if (Boolean.TRUE.equals(transactions.execute(tx -> evaluate(groupId, clock.instant())))) {
                opened++;
            }
        }
        return opened;
    }

    private boolean evaluate(UUID groupId, Instant now) {
        var locked = jdbc.query("SELECT id FROM update_group WHERE id = ? FOR NO KEY UPDATE", (rs, n) -> rs.getString(1),
                groupId);
        var group = locked.isEmpty() ? null : groups.findById(groupId).orElse(null);
        if (group == null || group.followsGroupId() == null) {
            return false;
        }
        var target = target(group).orElse(null);
        if (target == null || target.version().equals(group.waveOpenVersion())) {
            return false;
        }
        var previous = groups.findById(group.followsGroupId()).orElse(null);
        if (previous == null) {
            return false;
        }
        var read = previousWave(previous, target.version(), now);
        var verdict = WaveRule.evaluate(settings(group), target.version(), read, readySince(group, target.version()),
                now);
        if (verdict.open()) {
            jdbc.update("""
                    UPDATE update_group SET wave_open_version = ?, wave_ready_version = NULL, wave_ready_since = NULL
                    WHERE id = ?""", target.version(), group.id());
            opened(group, previous, target, read, verdict, now);
            return true;
        }
        if (!Objects.equals(verdict.readySince(), readySince(group, target.version()))) {
            jdbc.update("UPDATE update_group SET wave_ready_version = ?, wave_ready_since = ? WHERE id = ?",
                    verdict.readySince() == null ? null : target.version(),
                    verdict.readySince() == null ? null : java.sql.Timestamp.from(verdict.readySince()), group.id());
        }
        return false;
    }

    private void opened(UpdateGroup group, UpdateGroup previous, UpdatePackage target, WaveRule.PreviousWave read,
            WaveRule.Verdict verdict, Instant now) {
        publisher.publishEvent(new WaveStarted(group.applicationId(), group.id(), group.name(), group.channelId(),
                previous.id(), previous.name(), target.version(), read.percentOnTarget(),
                settings(group).completionPercent(), settings(group).soak(), verdict.readySince(), now));
        rolloutService.startRollout(group, target.id(), target.version(), now);
    }

    /** Where the wave stands now, from what is stored; changes nothing (for pages and the API). */
    public Optional<WaveStatus> status(UpdateGroup group) {
        if (group.followsGroupId() == null) {
            return Optional.empty();
        }
        return transactions.execute(tx -> {
            var previous = groups.findById(group.followsGroupId()).orElse(null);
            if (previous == null) {
                return Optional.<WaveStatus>empty();
            }
            var settings = settings(group);
            var target = target(group).orElse(null);
            if (target == null) {
                return Optional.of(new WaveStatus(previous, null, false, null, 0, settings.completionPercent(),
                        settings.soak(), null));
            }
            var now = clock.instant();
            var read = previousWave(previous, target.version(), now);
            if (target.version().equals(group.waveOpenVersion())) {
                return Optional.of(new WaveStatus(previous, target.version(), true, null, read.percentOnTarget(),
                        settings.completionPercent(), settings.soak(), Duration.ZERO));
            }
            var verdict = WaveRule.evaluate(settings, target.version(), read, readySince(group, target.version()), now);
            // Open by the rule but not yet by the evaluator: the next evaluation opens it; until then nodes wait.
            return Optional.of(new WaveStatus(previous, target.version(), false,
                    verdict.open() ? WaveRule.Missing.SOAK : verdict.missing(), read.percentOnTarget(),
                    settings.completionPercent(), settings.soak(), verdict.open() ? Duration.ZERO : verdict.soakLeft()));
        });
    }

    private static WaveRule.Settings settings(UpdateGroup group) {
        var wave = group.policySettings().wave();
        return new WaveRule.Settings(wave.completionPercent(), wave.soak());
    }

    private static Instant readySince(UpdateGroup group, String version) {
        return version.equals(group.waveReadyVersion()) ? group.waveReadySince() : null;
    }

    private WaveRule.PreviousWave previousWave(UpdateGroup previous, String version, Instant now) {
        var rollout = rollouts.findById(previous.id()).orElse(null);
        var active = fleet.activeInstances(previous.id(), version, now.minus(RolloutService.ACTIVE));
        return new WaveRule.PreviousWave(previous.name(), rollout == null ? null : rollout.targetVersion(),
                active.active(), active.onVersion(), previous.pausedAt() != null, gates.anyBreached(previous.id()));
    }

    private Optional<UpdatePackage> target(UpdateGroup group) {
        return Optional.ofNullable(group.channelId()).flatMap(catalog::findChannel).map(Channel::packageId)
                .flatMap(catalog::findPackage);
    }
}
