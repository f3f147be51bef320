package dev.platte.database;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether the database is believed reachable. A request that fails because it is not flips this to
 * down; while down, nodes are answered 503 at once without waiting for the pool, and a probe tries the
 * database every {@code platte.database.probe-interval} until it answers again. No restart needed.
 */
@Component
public class DatabaseAvailability {

    /** What every 503 during an outage says, on pages, in problems and to nodes. */
    public static final String EXPLANATION = "The database is unreachable; Platte retries by itself.";

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    /** Since when, and why, the database is down; null while it is up. */
    record Outage(Instant since, String reason) {}

    /** An exhausted pool is logged at most this often: under a stampede every request would say so. */
    private static final Duration BUSY_WARNING_EVERY = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final DatabaseProperties properties;
    private final Clock clock;
    private final AtomicReference<@Nullable Outage> outage = new AtomicReference<>();
    private final AtomicReference<Instant> lastBusyWarning = new AtomicReference<>(Instant.EPOCH);

    public DatabaseAvailability(DataSource dataSource, DatabaseProperties properties, Clock clock) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.clock = clock;
    }

    public boolean isAvailable() {
        return outage.get() == null;
    }

    @Nullable Outage outage() {
        return outage.get();
    }

    public long retryAfterSeconds() {
        return properties.retryAfterSeconds();
    }

    /**
     * Classifies a request's failure, and marks the database down when it could not be reached. A
     * failure that does not say (a pool or driver error without SQLState) is settled by asking the
     * database, unless it is already known to be down.
     */
    public DatabaseFailure reportFailure(Throwable failure) {
        var kind = DatabaseFailure.of(failure);
        if (kind == DatabaseFailure.NONE && DatabaseFailure.isAmbiguous(failure)) {
            kind = isAvailable() ? askNow() : DatabaseFailure.UNREACHABLE;
        }
        if (kind == DatabaseFailure.UNREACHABLE) {
            markDown(describe(failure));
        } else if (kind == DatabaseFailure.BUSY) {
            var now = clock.instant();
            var last = lastBusyWarning.get();
            if (now.isAfter(last.plus(BUSY_WARNING_EVERY)) && lastBusyWarning.compareAndSet(last, now)) {
                log.warn("No database connection became free in time; answering 503 (the pool is exhausted)");
            }
        }
        return kind;
    }

    /** Tries the database while it is down; the first answer marks it up again. */
    @Scheduled(fixedDelayString = "${platte.database.probe-interval:1s}")
    void probeWhileDown() {
        var current = outage.get();
        if (current == null) {
            return;
        }
        var failure = selectOne();
        if (failure != null) {
            log.debug("The database still does not answer: {}", failure.getMessage());
        } else if (outage.compareAndSet(current, null)) {
            log.info("The database answers again after {} s; serving normally",
                    Duration.between(current.since(), clock.instant()).toSeconds());
        }
    }

    /** Asks the database now (for health checks while it is believed up), marking it down if unreachable. */
    boolean check() {
        var failure = selectOne();
        if (failure != null && DatabaseFailure.of(failure) == DatabaseFailure.UNREACHABLE) {
            markDown(describe(failure));
        }
        return failure == null;
    }

    /** NONE when the database answers, otherwise what keeps it from answering. */
    private DatabaseFailure askNow() {
        var failure = selectOne();
        return failure == null ? DatabaseFailure.NONE : DatabaseFailure.of(failure);
    }

    /**
     * {@code SELECT 1} through the pool, so that success also means requests get connections again.
     * Waits at most the pool's connection timeout plus the probe timeout. Null when it answered.
     */
    private @Nullable SQLException selectOne() {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, properties.probeTimeout().toSeconds()));
            statement.execute("SELECT 1");
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private void markDown(String reason) {
        if (outage.compareAndSet(null, new Outage(clock.instant(), reason))) {
            log.warn("The database is unreachable ({}); answering 503 until it answers again", reason);
        }
    }

    /** The driver's own words ("Connection … refused", "terminating connection …"): the innermost message. */
    private static String describe(Throwable failure) {
        var root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 50; depth++) {
            root = root.getCause();
        }
        var message = root.getMessage();
        var text = message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
        return root instanceof SQLException sql && sql.getSQLState() != null ? text + ", SQLState " + sql.getSQLState() : text;
    }
}
