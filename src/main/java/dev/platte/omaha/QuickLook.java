package dev.platte.omaha;

import dev.platte.fleet.InstanceStatus;
import dev.platte.fleet.KnownInstance;
import dev.platte.rollout.RolloutView;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hot path's one round trip: a node's rows, its group's rollout and the catalog revision, read
 * together without a transaction or a lock. Enough to answer a check-in that changes nothing.
 *
 * <p>Reads of concurrent checks share statements. At most {@link QuickLookProperties#readers()} statements
 * run at once; a check arriving while they all run queues, and the next statement reads every queued check
 * (up to {@link QuickLookProperties#maxBatch()}). Most of a read's cost to PostgreSQL is per statement, not
 * per row, so under load one statement for several checks costs little more than one for one. A check is
 * never held back to wait for others: with a reader free it is read at once, alone, as before.
 *
 * <p>Each statement starts after every check it reads has arrived, so each sees every write committed
 * before its request came, as its own statement would.
 */
@Component
class QuickLook {

    private static final String COLUMNS = """
            i.ip, i.alias, i.oem, i.oem_version, i.aleph_version, i.boot_id, i.last_seen_at,
            s.group_id, s.version, s.status, s.hold_reason, s.update_in_progress, s.last_granted_version,
            s.last_check_at, s.retired,
            r.package_id, r.started_at, r.canary_machine_id, r.canary_outcome,
            (SELECT revision FROM catalog_revision) AS catalog_revision""";

    private static final String ONE = "SELECT " + COLUMNS + """

            FROM instance_app_state s
            JOIN instance i ON i.machine_id = s.machine_id
            LEFT JOIN group_rollout r ON r.group_id = ?
            WHERE s.machine_id = ? AND s.application_id = ?""";

    /** Column 21 says which check a row answers (1-based); a check with no row is not registered. */
    private static final String MANY = "SELECT " + COLUMNS + ", q.ord" + """

            FROM unnest(?::varchar[], ?::uuid[], ?::uuid[]) WITH ORDINALITY AS q(machine_id, application_id, group_id, ord)
            JOIN instance_app_state s ON s.machine_id = q.machine_id AND s.application_id = q.application_id
            JOIN instance i ON i.machine_id = s.machine_id
            LEFT JOIN group_rollout r ON r.group_id = q.group_id""";

    private final Statements statements;
    private final QuickLookProperties properties;
    private final DistributionSummary sizes;
    private final ReentrantLock lock = new ReentrantLock();
    /** Checks no statement has taken yet, oldest first; guarded by {@link #lock}. */
    private final ArrayDeque<Lookup> queued = new ArrayDeque<>();
    /** Callers that run statements now or are about to; guarded by {@link #lock}. */
    private int readers;

    @Autowired
    QuickLook(JdbcTemplate jdbc, QuickLookProperties properties, MeterRegistry meters) {
        this(keys -> read(jdbc, keys), properties, meters);
    }

    QuickLook(Statements statements, QuickLookProperties properties, MeterRegistry meters) {
        this.statements = statements;
        this.properties = properties;
        this.sizes = DistributionSummary.builder("platte.omaha.quick.look.checks")
                .description("Update checks read together by one statement of the quick path")
                .register(meters);
    }

    /** Empty when the node is not registered for the application yet. */
    Optional<Row> read(String machineId, UUID applicationId, UUID groupId) {
        var lookup = new Lookup(new Key(machineId, applicationId, groupId), Thread.currentThread());
        lock.lock();
        try {
            queued.add(lookup);
            if (readers < properties.readers()) {
                readers++;
                lookup.reads = true;
            }
        } finally {
            lock.unlock();
        }
        lookup.awaitReadOrTurn();
        if (lookup.reads) {
            // Even when another reader's statement already read this check: the turn must be handed on.
            readUntilDone(lookup);
        }
        return lookup.result();
    }

    /** How many checks wait for a statement to take them (tests wait for it instead of sleeping). */
    int queuedCount() {
        lock.lock();
        try {
            return queued.size();
        } finally {
            lock.unlock();
        }
    }

    /** Runs statements for the queued checks until {@code own} has been read, then hands the turn on. */
    private void readUntilDone(Lookup own) {
        try {
            while (!own.done) {
                var batch = take();
                if (batch.isEmpty()) {
                    // Another reader took it: its statement is running.
                    own.awaitRead();
                } else {
                    readTogether(batch);
                }
            }
        } finally {
            handOver();
        }
    }

    private List<Lookup> take() {
        lock.lock();
        try {
            var batch = new ArrayList<Lookup>(Math.min(queued.size(), properties.maxBatch()));
            while (batch.size() < properties.maxBatch() && !queued.isEmpty()) {
                batch.add(queued.poll());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Gives this reader's turn to the oldest queued check that has none, or gives it up. */
    private void handOver() {
        Lookup next = null;
        lock.lock();
        try {
            for (var lookup : queued) {
                if (!lookup.reads) {
                    next = lookup;
                    next.reads = true;
                    break;
                }
            }
            if (next == null) {
                readers--;
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    private void readTogether(List<Lookup> batch) {
        sizes.record(batch.size());
        try {
            var rows = statements.read(batch.stream().map(lookup -> lookup.key).toList());
            for (var i = 0; i < rows.length; i++) {
                batch.get(i).complete(rows[i]);
            }
        } catch (RuntimeException | Error e) {
            // Each check fails with it, in its own request, as its own statement would have.
            for (var lookup : batch) {
                lookup.fail(e);
            }
        }
    }

    /** One statement for any number of checks: the one-node statement for one, else one {@code unnest} join. */
    private static Row[] read(JdbcTemplate jdbc, List<Key> keys) {
        var rows = new Row[keys.size()];
        if (keys.size() == 1) {
            var key = keys.getFirst();
            rows[0] = jdbc.query(ONE, QuickLook::row, key.groupId(), key.machineId(), key.applicationId())
                    .stream().findFirst().orElse(null);
            return rows;
        }
        jdbc.query(MANY, statement -> {
            var connection = statement.getConnection();
            statement.setArray(1, connection.createArrayOf("varchar", keys.stream().map(Key::machineId).toArray()));
            statement.setArray(2, connection.createArrayOf("uuid", keys.stream().map(Key::applicationId).toArray()));
            statement.setArray(3, connection.createArrayOf("uuid", keys.stream().map(Key::groupId).toArray()));
        }, resultSet -> {
            rows[(int) resultSet.getLong(21) - 1] = row(resultSet, 0);
        });
        return rows;
    }

    /** Columns by position, in the order of {@link #COLUMNS}: looking them up by name costs more than the read. */
    private static Row row(ResultSet rs, int rowNumber) throws SQLException {
        var known = new KnownInstance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), instant(rs, 7), rs.getObject(8, UUID.class), rs.getString(9),
                InstanceStatus.fromWireName(rs.getString(10)), rs.getString(11), rs.getBoolean(12), rs.getString(13),
                instant(rs, 14), rs.getBoolean(15));
        var rolloutStart = instant(rs, 17);
        var rollout = rolloutStart == null
                ? null
                : new RolloutView(rs.getObject(16, UUID.class), rolloutStart, rs.getString(18), rs.getString(19));
        return new Row(known, rollout, rs.getLong(20));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** @param rollout the group's rollout row, or null if it has none (or the node has no group) */
    record Row(KnownInstance known, RolloutView rollout, long catalogRevision) {}

    /** What one check reads: its node's rows for the application, and the rollout of the group it is placed in. */
    record Key(String machineId, UUID applicationId, UUID groupId) {}

    /** Reads checks with one statement; element i is the i-th check's row, or null if it is not registered. */
    @FunctionalInterface
    interface Statements {
        Row[] read(List<Key> keys);
    }

    /** One check's read: filled by whichever reader's statement took it, and waited for by its own thread. */
    private static final class Lookup {

        private final Key key;
        private final Thread thread;
        /** Whether this check's thread runs statements; set under the lock, read by its thread outside it. */
        private volatile boolean reads;
        private volatile boolean done;
        private Row row;
        private Throwable failure;

        Lookup(Key key, Thread thread) {
            this.key = key;
            this.thread = thread;
        }

        /** Row and failure are written before the volatile {@code done}, and read after it. */
        void complete(Row found) {
            row = found;
            finish();
        }

        void fail(Throwable e) {
            failure = e;
            finish();
        }

        private void finish() {
            done = true;
            if (thread != Thread.currentThread()) {
                LockSupport.unpark(thread);
            }
        }

        void awaitReadOrTurn() {
            var interrupted = false;
            while (!done && !reads) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            restore(interrupted);
        }

        void awaitRead() {
            var interrupted = false;
            while (!done) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            restore(interrupted);
        }

        /** A read ends within the pool's and the statement's timeouts, so an interrupt waits for it, then stays set. */
        private void restore(boolean interrupted) {
            if (interrupted) {
                thread.interrupt();
            }
        }

        Optional<Row> result() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return Optional.ofNullable(row);
        }
    }
}
