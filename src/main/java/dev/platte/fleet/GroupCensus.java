package dev.platte.fleet;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the per-group census (V27) small and true: folds the trigger's +1/-1 rows into the counts, and
 * marks nodes that stopped checking as retired (which takes them out of the counts). Each step runs on one
 * replica at a time (ShedLock); a replica that finds it taken skips, and the holder does the work.
 */
@Component
public class GroupCensus {

    private static final Logger log = LoggerFactory.getLogger(GroupCensus.class);
    static final String FOLD_LOCK = "census-fold";
    static final String RETIRE_LOCK = "census-retire";
    private static final int FOLD_BATCH = 100_000;
    private static final int RETIRE_BATCH = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final FleetProperties properties;
    private final Clock clock;

    GroupCensus(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, FleetProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Folds pending changes into the counts; returns how many change rows were folded, or nothing when
     * another replica is folding.
     */
    @Scheduled(fixedDelayString = "${platte.fleet.census-fold-interval:5s}", initialDelayString = "5s")
    @SchedulerLock(name = FOLD_LOCK)
    public Optional<Integer> fold() {
        return Optional.of(foldAll("""
                WITH moved AS (
                    DELETE FROM group_census_delta
                    WHERE id IN (SELECT id FROM group_census_delta ORDER BY id LIMIT ?)
                    RETURNING group_id, version, status, hold_reason, change),
                sums AS (
                    SELECT group_id, version, status, hold_reason, sum(change) AS change, count(*) AS rows
                    FROM moved GROUP BY group_id, version, status, hold_reason),
                upserted AS (
                    INSERT INTO group_census AS c (group_id, version, status, hold_reason, instances)
                    SELECT group_id, version, status, hold_reason, change FROM sums
                    ON CONFLICT (group_id, version, status, hold_reason)
                    DO UPDATE SET instances = c.instances + excluded.instances)
                SELECT coalesce(sum(rows), 0) FROM sums""", "DELETE FROM group_census WHERE instances = 0")
                // The same for the counts by OEM (V39).
                + foldAll("""
                WITH moved AS (
                    DELETE FROM group_oem_census_delta
                    WHERE id IN (SELECT id FROM group_oem_census_delta ORDER BY id LIMIT ?)
                    RETURNING group_id, oem, change),
                sums AS (
                    SELECT group_id, oem, sum(change) AS change, count(*) AS rows FROM moved GROUP BY group_id, oem),
                upserted AS (
                    INSERT INTO group_oem_census AS c (group_id, oem, instances)
                    SELECT group_id, oem, change FROM sums
                    ON CONFLICT (group_id, oem) DO UPDATE SET instances = c.instances + excluded.instances)
                SELECT coalesce(sum(rows), 0) FROM sums""", "DELETE FROM group_oem_census WHERE instances = 0"));
    }

    /**
     * Runs {@code foldBatch} (which moves at most {@link #FOLD_BATCH} change rows into the counts in one
     * statement, so a reader adding counts and changes sees either side, never both) until a batch is short.
     */
    private int foldAll(String foldBatch, String pruneEmpty) {
        int folded = 0;
        int batch;
        do {
            batch = Objects.requireNonNull(transactions.execute(tx -> {
                var moved = jdbc.queryForObject(foldBatch, Integer.class, FOLD_BATCH);
                jdbc.update(pruneEmpty);
                return moved;
            }));
            folded += batch;
        } while (batch == FOLD_BATCH);
        return folded;
    }

    /**
     * Marks as retired the nodes that have not checked for {@code platte.fleet.retired-after}; returns how
     * many, or nothing when another replica is at it.
     */
    @Scheduled(fixedDelayString = "${platte.fleet.retire-interval:10m}", initialDelayString = "${platte.fleet.retire-interval:10m}")
    @SchedulerLock(name = RETIRE_LOCK)
    public Optional<Integer> retire() {
        var cutoff = Timestamp.from(clock.instant().minus(properties.retiredAfter()));
        int retired = 0;
        int batch;
        do {
            batch = Objects.requireNonNull(transactions.execute(tx -> jdbc.update("""
                        UPDATE instance_app_state SET retired = true
                        WHERE ctid IN (SELECT ctid FROM instance_app_state
                                       WHERE NOT retired AND coalesce(last_check_at, created_at) <= ?
                                       LIMIT ? FOR UPDATE SKIP LOCKED)""", cutoff, RETIRE_BATCH)));
            retired += batch;
        } while (batch == RETIRE_BATCH);
        if (retired > 0) {
            log.info("Marked {} instances retired (no update check since {})", retired, cutoff.toInstant());
        }
        return Optional.of(retired);
    }
}
