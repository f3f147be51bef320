package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import dev.platte.fleet.InstanceStatus;
import dev.platte.fleet.KnownInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How concurrent checks share the quick path's statements, with the statements stubbed. */
class QuickLookTests {

    private static final UUID APP = UUID.fromString("e96281a6-d1af-4bde-9a0a-97b76e56dc57");

    /** Answers each registered machine with a row whose alias is its machine id; holds statements until let go. */
    static final class StubStatements implements QuickLook.Statements {

        final List<List<String>> statements = new CopyOnWriteArrayList<>();
        final Semaphore running = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean holding;

        @Override
        public QuickLook.Row[] read(List<QuickLook.Key> keys) {
            var machines = keys.stream().map(QuickLook.Key::machineId).toList();
            statements.add(machines);
            running.release();
            if (holding) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (machines.contains("poison")) {
                throw new IllegalStateException("the database failed");
            }
            return machines.stream().map(machine -> machine.startsWith("new") ? null : row(machine))
                    .toArray(QuickLook.Row[]::new);
        }

        private static QuickLook.Row row(String machine) {
            return new QuickLook.Row(new KnownInstance("10.0.0.1", machine, "", "", "", "", null, null, "1.0.0",
                    InstanceStatus.COMPLETE, null, false, null, null, false), null, 1);
        }
    }

    @Test
    void readsACheckAloneAndAtOnceWhenAReaderIsFree() {
        var statements = new StubStatements();
        var quickLook = new QuickLook(statements, new QuickLookProperties(4, 32), new SimpleMeterRegistry());

        assertThat(quickLook.read("a", APP, null)).map(row -> row.known().alias()).contains("a");
        assertThat(quickLook.read("new-b", APP, null)).isEmpty();

        assertThat(statements.statements).containsExactly(List.of("a"), List.of("new-b"));
    }

    @Test
    void readsChecksQueuedBehindBusyReadersTogetherInBatchesOfAtMostMaxBatch() throws Exception {
        var statements = new StubStatements();
        statements.holding = true;
        var meters = new SimpleMeterRegistry();
        var quickLook = new QuickLook(statements, new QuickLookProperties(2, 5), meters);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<QuickLook.Row>>> reads = new ArrayList<>();
            reads.add(executor.submit(() -> quickLook.read("busy-1", APP, null)));
            reads.add(executor.submit(() -> quickLook.read("busy-2", APP, null)));
            assertThat(statements.running.tryAcquire(2, 5, TimeUnit.SECONDS)).isTrue();
            var queued = new ArrayList<String>();
            for (var i = 0; i < 12; i++) {
                var machine = (i % 4 == 0 ? "new-" : "m-") + i;
                queued.add(machine);
                reads.add(executor.submit(() -> quickLook.read(machine, APP, null)));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> quickLook.queuedCount() == queued.size());
            assertThat(statements.statements).as("no statement while both readers run").hasSize(2);

            statements.release.countDown();

            for (var i = 0; i < reads.size(); i++) {
                var machine = i < 2 ? "busy-" + (i + 1) : queued.get(i - 2);
                var row = reads.get(i).get(5, TimeUnit.SECONDS);
                assertThat(row.map(found -> found.known().alias()))
                        .as(machine).isEqualTo(machine.startsWith("new") ? Optional.empty() : Optional.of(machine));
            }
        }
        var later = statements.statements.subList(2, statements.statements.size());
        assertThat(later).as("12 queued checks, at most 5 a statement").hasSize(3).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(5));
        assertThat(later.stream().flatMap(List::stream)).hasSize(12).doesNotHaveDuplicates();
        var summary = meters.get("platte.omaha.quick.look.checks").summary();
        assertThat(summary.count()).isEqualTo(5);
        assertThat(summary.totalAmount()).isEqualTo(14);
    }

    @Test
    void neverRunsMoreStatementsAtOnceThanReadersAndHandsEveryTurnOn() throws Exception {
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        QuickLook.Statements statements = keys -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            running.decrementAndGet();
            return keys.stream().map(key -> StubStatements.row(key.machineId())).toArray(QuickLook.Row[]::new);
        };
        var quickLook = new QuickLook(statements, new QuickLookProperties(3, 32), new SimpleMeterRegistry());
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var reads = new ArrayList<Future<Optional<QuickLook.Row>>>();
            for (var i = 0; i < 2_000; i++) {
                var machine = "m-" + i;
                reads.add(executor.submit(() -> quickLook.read(machine, APP, null)));
            }
            for (var i = 0; i < reads.size(); i++) {
                assertThat(reads.get(i).get(10, TimeUnit.SECONDS).orElseThrow().known().alias()).isEqualTo("m-" + i);
            }
            // Every turn was handed on or given up: a new check is still read.
            assertThat(executor.submit(() -> quickLook.read("after", APP, null)).get(5, TimeUnit.SECONDS)).isPresent();
        }
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void failsEveryCheckOfAFailedStatementInItsOwnRequestAndReadsTheNextAfresh() throws Exception {
        var statements = new StubStatements();
        statements.holding = true;
        var quickLook = new QuickLook(statements, new QuickLookProperties(1, 32), new SimpleMeterRegistry());
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var busy = executor.submit(() -> quickLook.read("busy", APP, null));
            assertThat(statements.running.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
            var poisoned = executor.submit(() -> quickLook.read("poison", APP, null));
            var neighbour = executor.submit(() -> quickLook.read("neighbour", APP, null));
            await().atMost(Duration.ofSeconds(5)).until(() -> quickLook.queuedCount() == 2);
            statements.release.countDown();

            assertThat(busy.get(5, TimeUnit.SECONDS)).isPresent();
            assertThat(poisoned).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withRootCauseInstanceOf(IllegalStateException.class);
            assertThat(neighbour).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class);
        }
        statements.holding = false;
        assertThat(quickLook.read("neighbour", APP, null)).isPresent();
    }

    @Test
    void refusesSettingsThatWouldNeverRead() {
        assertThatIllegalArgumentException().isThrownBy(() -> new QuickLookProperties(0, 32)).withMessageContaining("readers");
        assertThatIllegalArgumentException().isThrownBy(() -> new QuickLookProperties(4, 0)).withMessageContaining("max-batch");
    }
}
