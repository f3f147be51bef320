package dev.platte.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** The buffer's bound, its writer's pace and what it reports; writing is QuickPathIntegrationTests'. */
class LastSeenBufferTests {

    private static final UUID APPLICATION = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final KnownInstance NEVER_SEEN = new KnownInstance("10.0.0.1", "", "", "", "", "", null, null,
            "1.0.0", InstanceStatus.COMPLETE, null, false, null, null, false);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LastSeenBuffer buffer = new LastSeenBuffer(null,
            new FleetProperties(Duration.ofDays(30), Duration.ofSeconds(60), Duration.ofSeconds(1), 3, 1), registry);

    @Test
    void keepsAtMostTheConfiguredNumberOfMachinesAndCountsTheRestAsDropped() {
        for (int i = 0; i < 5; i++) {
            buffer.record("machine-" + i, APPLICATION, NEVER_SEEN, true, NOW);
        }

        assertThat(buffer.pendingCount()).isEqualTo(3);
        assertThat(registry.get("platte.last.seen.pending").gauge().value()).isEqualTo(3);
        assertThat(registry.get("platte.last.seen.dropped").counter().count()).isEqualTo(2);
    }

    @Test
    void stillTakesANewerTimeForAMachineAlreadyWaitingWhenFull() {
        for (int i = 0; i < 3; i++) {
            buffer.record("machine-" + i, APPLICATION, NEVER_SEEN, true, NOW);
        }

        buffer.record("machine-0", APPLICATION, NEVER_SEEN, true, NOW.plusSeconds(90));

        assertThat(buffer.pendingCount()).isEqualTo(3);
        assertThat(registry.get("platte.last.seen.dropped").counter().count()).isZero();
    }

    @Test
    void recordsNothingForAMachineSeenWithinTheResolution() {
        var seenJustNow = new KnownInstance("10.0.0.1", "", "", "", "", "", NOW.minusSeconds(5), null, "1.0.0",
                InstanceStatus.COMPLETE, null, false, null, NOW.minusSeconds(5), false);

        buffer.record("machine-0", APPLICATION, seenJustNow, true, NOW);

        assertThat(buffer.pendingCount()).isZero();
        assertThat(registry.get("platte.last.seen.dropped").counter().count()).isZero();
    }

    @Test
    void restsBetweenBatchesSoThatWritingTakesAtMostItsShareWhenBehind() {
        var paced = RecordingBuffer.started(0.25);
        paced.recordMachines(2_500);

        assertThat(paced.flush(true)).isEqualTo(2_500);

        assertThat(paced.batchesWritten()).isEqualTo(3);
        // After the first and the second batch, none after the last: three times as long as each write took.
        assertThat(paced.rests).hasSize(2).allSatisfy(rest -> assertThat(rest).isGreaterThanOrEqualTo(3 * WRITE_NANOS));
        assertThat(paced.pendingCount()).isZero();
    }

    @Test
    void restsAtMostMaxRestHoweverLongABatchTook() {
        // At this share a batch's rest would be about 20 s.
        var paced = RecordingBuffer.started(0.0001);
        paced.recordMachines(2_500);

        paced.flush(true);

        assertThat(paced.rests).hasSize(2).containsOnly(LastSeenBuffer.MAX_REST.toNanos());
    }

    @Test
    void neverRestsAtAShareOfOneNorWhenFlushedOnRequestOrOnShutdown() {
        var whole = RecordingBuffer.started(1);
        whole.recordMachines(2_500);
        whole.flush(true);
        assertThat(whole.rests).isEmpty();

        var onRequest = RecordingBuffer.started(0.25);
        onRequest.recordMachines(2_500);
        onRequest.flush();
        assertThat(onRequest.rests).isEmpty();

        var stopping = RecordingBuffer.started(0.25);
        stopping.recordMachines(2_500);
        stopping.stop();
        assertThat(stopping.batchesWritten()).isEqualTo(3);
        assertThat(stopping.rests).isEmpty();
    }

    @Test
    void refusesAWriteShareOutsideZeroToOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new FleetProperties(Duration.ofDays(30), Duration.ofSeconds(60), Duration.ofSeconds(1), 3, 0))
                .withMessageContaining("platte.fleet.last-seen-write-share");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new FleetProperties(Duration.ofDays(30), Duration.ofSeconds(60), Duration.ofSeconds(1), 3, 1.5));
    }

    private static final long WRITE_NANOS = 2_000_000;

    /** Writes nowhere (the statements are QuickPathIntegrationTests'), taking a known time per batch. */
    private static final class RecordingBuffer extends LastSeenBuffer {

        final List<Long> rests = new CopyOnWriteArrayList<>();
        private final AtomicInteger batches;

        /** Started, as the scheduled writer only runs then (every hour here: the tests flush themselves). */
        static RecordingBuffer started(double writeShare) {
            var buffer = new RecordingBuffer(writeShare, new AtomicInteger());
            buffer.start();
            return buffer;
        }

        private RecordingBuffer(double writeShare, AtomicInteger batches) {
            super(new JdbcTemplate() {
                @Override
                public <T> T execute(ConnectionCallback<T> action) {
                    batches.incrementAndGet();
                    LockSupport.parkNanos(WRITE_NANOS);
                    return null;
                }
            }, new FleetProperties(Duration.ofDays(30), Duration.ofSeconds(60), Duration.ofHours(1), 10_000, writeShare),
                    new SimpleMeterRegistry());
            this.batches = batches;
        }

        int batchesWritten() {
            return batches.get();
        }

        void recordMachines(int count) {
            for (int i = 0; i < count; i++) {
                record("machine-" + i, APPLICATION, NEVER_SEEN, true, NOW);
            }
        }

        @Override
        void rest(long nanos) {
            rests.add(nanos);
        }
    }
}
