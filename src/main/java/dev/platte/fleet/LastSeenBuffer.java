package dev.platte.fleet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Write coalescing for check-ins that change nothing but "last seen": they are answered at once and their
 * times written every {@code lastSeenFlushInterval} in a few batched statements, instead of one
 * transaction each. Status changes and events never come here: they are written before the answer.
 * Stops after the web server (graceful shutdown) and flushes what is left.
 */
@Component
public class LastSeenBuffer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LastSeenBuffer.class);
    // Each statement holds its rows' locks until it commits (durably), and a node's event waits for its row:
    // small statements keep that wait short (5,000 gave events a p99 near 1 s at a million instances).
    private static final int BATCH = 1_000;
    static final Duration MAX_REST = Duration.ofSeconds(2);

    private final JdbcTemplate jdbc;
    private final FleetProperties properties;
    private final Map<Key, Seen> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedFull = new AtomicBoolean();
    private final Counter dropped;
    private ScheduledExecutorService flusher;
    private volatile boolean running;

    LastSeenBuffer(JdbcTemplate jdbc, FleetProperties properties, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.properties = properties;
        // Per replica: sum them. A pending count that keeps growing means the database writes fewer
        // last-seen times than the fleet checks in; drops mean it reached platte.fleet.last-seen-max-pending.
        Gauge.builder("platte.last.seen.pending", pending, Map::size)
                .description("Last-seen times of unchanged check-ins waiting to be written").register(registry);
        this.dropped = Counter.builder("platte.last.seen.dropped")
                .description("Last-seen times not kept because too many were waiting to be written").register(registry);
    }

    /**
     * Records that an already registered node checked in without changing anything; writes nothing when
     * the stored times are within the configured resolution.
     */
    public void record(String machineId, UUID applicationId, KnownInstance known, boolean updateCheck, Instant now) {
        if (known.seenWithin(properties.lastSeenResolution(), updateCheck, now)) {
            return;
        }
        var key = new Key(machineId, applicationId);
        if (pending.size() >= properties.lastSeenMaxPending() && !pending.containsKey(key)) {
            // The database unreachable for long, or writing fewer than the fleet checks in: last seen is best
            // effort, memory is not.
            dropped.increment();
            if (warnedFull.compareAndSet(false, true)) {
                log.warn("{} last-seen times wait to be written; dropping newer ones until the database catches up",
                        pending.size());
            }
            return;
        }
        var micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        pending.merge(key, new Seen(micros, updateCheck ? micros : 0), Seen::latest);
    }

    /** Number of check-ins whose times are not written yet. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Writes every pending time. An entry is forgotten only once written, and only if no newer time
     * arrived meanwhile; on failure everything stays for the next attempt.
     */
    public int flush() {
        return flush(false);
    }

    /**
     * @param paced whether to rest between batches (see {@link FleetProperties#lastSeenWriteShare()}): the
     *     scheduled writer does, until Platte stops; a flush on request or on shutdown does not
     */
    synchronized int flush(boolean paced) {
        if (pending.isEmpty()) {
            return 0;
        }
        // Copied (the map changes under us) in one order for every writer, so replicas' batches never deadlock.
        var taken = pending.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .sorted(Map.Entry.comparingByKey())
                .toList();
        for (int from = 0; from < taken.size(); from += BATCH) {
            var batch = taken.subList(from, Math.min(taken.size(), from + BATCH));
            long started = System.nanoTime();
            write(batch);
            batch.forEach(e -> pending.remove(e.getKey(), e.getValue()));
            if (paced && running && from + BATCH < taken.size()) {
                restAfter(System.nanoTime() - started);
            }
        }
        warnedFull.set(false);
        return taken.size();
    }

    private void write(List<Map.Entry<Key, Seen>> batch) {
        var seenByMachine = new HashMap<String, Long>();
        batch.forEach(e -> seenByMachine.merge(e.getKey().machineId(), e.getValue().seenMicros(), Math::max));
        var machines = seenByMachine.keySet().stream().sorted().toList();
        var checks = batch.stream().filter(e -> e.getValue().checkMicros() > 0).toList();
        jdbc.execute((Connection connection) -> {
            try (var instances = connection.prepareStatement("""
                    UPDATE instance i SET last_seen_at = GREATEST(i.last_seen_at, timestamptz 'epoch' + v.seen * interval '1 microsecond')
                    FROM unnest(?::varchar[], ?::bigint[]) AS v(machine_id, seen)
                    WHERE i.machine_id = v.machine_id""")) {
                instances.setArray(1, connection.createArrayOf("varchar", machines.toArray()));
                instances.setArray(2, connection.createArrayOf("bigint",
                        machines.stream().map(seenByMachine::get).toArray()));
                instances.executeUpdate();
            }
            if (!checks.isEmpty()) {
                try (var states = connection.prepareStatement("""
                        UPDATE instance_app_state s
                        SET last_check_at = GREATEST(s.last_check_at, timestamptz 'epoch' + v.checked * interval '1 microsecond')
                        FROM unnest(?::varchar[], ?::uuid[], ?::bigint[]) AS v(machine_id, application_id, checked)
                        WHERE s.machine_id = v.machine_id AND s.application_id = v.application_id""")) {
                    states.setArray(1, connection.createArrayOf("varchar",
                            checks.stream().map(e -> e.getKey().machineId()).toArray()));
                    states.setArray(2, connection.createArrayOf("uuid",
                            checks.stream().map(e -> e.getKey().applicationId()).toArray()));
                    states.setArray(3, connection.createArrayOf("bigint",
                            checks.stream().map(e -> e.getValue().checkMicros()).toArray()));
                    states.executeUpdate();
                }
            }
            return null;
        });
    }

    // Behind, the writer would otherwise write without a break: on a small machine its database work took
    // a processor from answering check-ins (at a million instances, p99 70 ms at share 1, 32 ms at 0.25).
    // A batch that waited (for rows an event holds, for a checkpoint's writes) used no processor meanwhile,
    // so a rest never exceeds MAX_REST: one slow batch must not stop the writer for many seconds.
    private void restAfter(long wroteNanos) {
        double share = properties.lastSeenWriteShare();
        if (share < 1) {
            rest(Math.min((long) (wroteNanos * (1 / share - 1)), MAX_REST.toNanos()));
        }
    }

    void rest(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushQuietly() {
        try {
            flush(true);
        } catch (RuntimeException e) {
            log.debug("Could not write last-seen times yet ({} pending): {}", pending.size(), e.getMessage());
        }
    }

    @Override
    public void start() {
        var interval = properties.lastSeenFlushInterval().toMillis();
        flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("last-seen-flush").daemon().factory());
        flusher.scheduleWithFixedDelay(this::flushQuietly, interval, interval, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            var written = flush();
            log.info("Wrote {} pending last-seen times on shutdown", written);
        } catch (RuntimeException e) {
            log.warn("Could not write {} pending last-seen times on shutdown: {}", pending.size(), e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server has stopped taking requests, before the connection pool closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private record Key(String machineId, UUID applicationId) implements Comparable<Key> {

        // Plain comparisons: a flush sorts tens of thousands of keys, and composed comparators cost a few
        // percent of the server's CPU at a million instances.
        @Override
        public int compareTo(Key other) {
            int byMachine = machineId.compareTo(other.machineId);
            return byMachine != 0 ? byMachine : applicationId.compareTo(other.applicationId);
        }
    }

    private record Seen(long seenMicros, long checkMicros) {

        static Seen latest(Seen a, Seen b) {
            return new Seen(Math.max(a.seenMicros, b.seenMicros), Math.max(a.checkMicros, b.checkMicros));
        }
    }
}
