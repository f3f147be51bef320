package dev.platte.fleet;

import dev.platte.fleet.RetentionService.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Prunes status history, events, instances not seen for long, activity and timeline buckets past their
 * retention ({@code platte.retention.*}). Every replica schedules it, but one at a time runs it: the run
 * holds a PostgreSQL advisory lock on its own connection, and a replica that finds it taken skips. The
 * deletes themselves go in batches, each its own short transaction, so nodes checking in never wait long
 * on a row or the pool.
 */
@Component
class RetentionJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    /** "platte" and 3: BootstrapAdmin and FlatcarSeed hold 1 and 2. */
    static final long LOCK_KEY = 0x706c6174_74650003L;
    /** Not at once: let a starting replica settle, and not a full interval: deploys may come more often. */
    private static final Duration MAX_FIRST_DELAY = Duration.ofMinutes(5);

    private final RetentionService retention;
    private final RetentionProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    RetentionJob(RetentionService retention, RetentionProperties properties, JdbcTemplate jdbc, Clock clock) {
        this.retention = retention;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.enabled()) {
            var interval = properties.interval();
            var firstDelay = interval.compareTo(MAX_FIRST_DELAY) < 0 ? interval : MAX_FIRST_DELAY;
            registrar.addFixedDelayTask(new FixedDelayTask(this::run, interval, firstDelay));
        }
    }

    /**
     * Prunes every table once; returns the rows deleted per table, or nothing when another replica holds the
     * lock.
     */
    Optional<Map<Target, Integer>> run() {
        return run(properties);
    }

    Optional<Map<Target, Integer>> run(RetentionProperties settings) {
        var now = clock.instant();
        return jdbc.execute((ConnectionCallback<Optional<Map<Target, Integer>>>) connection -> {
            if (!tryLock(connection)) {
                log.debug("Retention skipped: another replica is pruning");
                return Optional.empty();
            }
            try {
                var deleted = new EnumMap<Target, Integer>(Target.class);
                for (var target : Target.values()) {
                    deleted.put(target, prune(target, now.minus(target.retention(settings)), settings.batchSize()));
                }
                logSummary(deleted);
                return Optional.of(Collections.unmodifiableMap(deleted));
            } finally {
                unlock(connection);
            }
        });
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

    // A session lock rather than a transaction one: it must outlive the batches' own transactions.
    private static boolean tryLock(Connection connection) throws SQLException {
        try (var lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            try (var rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, LOCK_KEY);
            unlock.execute();
        }
    }
}
