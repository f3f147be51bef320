package dev.platte.fleet;

import dev.platte.fleet.RetentionService.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Prunes status history, events, instances not seen for long, activity and timeline buckets past their
 * retention ({@code platte.retention.*}). Every replica schedules it, but one at a time runs it (ShedLock's
 * {@link #LOCK}); a replica that finds it taken skips. The deletes themselves go in batches, each its own
 * short transaction, so nodes checking in never wait long on a row or the pool.
 */
@Component
class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    static final String LOCK = "retention";

    private final RetentionService retention;
    private final RetentionProperties properties;
    private final Clock clock;

    RetentionJob(RetentionService retention, RetentionProperties properties, Clock clock) {
        this.retention = retention;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Prunes every table once; returns the rows deleted per table, or nothing when another replica holds the
     * lock.
     */
    @SchedulerLock(name = LOCK)
    Optional<Map<Target, Integer>> run() {
        return run(properties);
    }

    @SchedulerLock(name = LOCK)
    Optional<Map<Target, Integer>> run(RetentionProperties settings) {
        var now = clock.instant();
        var deleted = new EnumMap<Target, Integer>(Target.class);
        for (var target : Target.values()) {
            deleted.put(target, prune(target, now.minus(target.retention(settings)), settings.batchSize()));
        }
        logSummary(deleted);
        return Optional.of(Collections.unmodifiableMap(deleted));
    }

    private int prune(Target target, Instant cutoff, int batchSize) {
        var total = 0;
        int batch;
        do {
            batch = retention.deleteBatch(target, cutoff, batchSize);
            total += batch;
            // A shutdown interrupts the scheduler: stop between batches rather than fail the next one.
        } while (batch == batchSize && !Thread.currentThread().isInterrupted());
        return total;
    }

    private static void logSummary(Map<Target, Integer> deleted) {
        if (deleted.values().stream().allMatch(count -> count == 0)) {
            log.debug("Retention: nothing to prune");
            return;
        }
        log.info("Retention pruned {}", Arrays.stream(Target.values()).map(t -> deleted.get(t) + " " + t.description)
                .collect(Collectors.joining(", ")));
    }

    /** Schedules the job through its proxy, so every scheduled run takes the lock. */
    @Component
    static class Schedule implements SchedulingConfigurer {

        /** Not at once: let a starting replica settle, and not a full interval: deploys may come more often. */
        private static final Duration MAX_FIRST_DELAY = Duration.ofMinutes(5);

        private final RetentionJob job;
        private final RetentionProperties properties;

        Schedule(RetentionJob job, RetentionProperties properties) {
            this.job = job;
            this.properties = properties;
        }

        @Override
        public void configureTasks(ScheduledTaskRegistrar registrar) {
            if (properties.enabled()) {
                var interval = properties.interval();
                var firstDelay = interval.compareTo(MAX_FIRST_DELAY) < 0 ? interval : MAX_FIRST_DELAY;
                registrar.addFixedDelayTask(new FixedDelayTask(() -> {
                    if (job.run().isEmpty()) {
                        log.debug("Retention skipped: another replica is pruning");
                    }
                }, interval, firstDelay));
            }
        }
    }
}
