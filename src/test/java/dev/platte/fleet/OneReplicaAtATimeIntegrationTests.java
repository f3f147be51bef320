package dev.platte.fleet;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.database.ReplicaLocks;
import dev.platte.support.IntegrationTest;
import dev.platte.support.MutableClock;
import dev.platte.support.Replicas;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas on one database run a scheduled singleton one at a time (ShedLock's row in the shared
 * database): while one runs the retention job, the other skips it. The clock is pinned in 2001, so a run
 * here prunes nothing other tests wrote.
 */
@IntegrationTest
class OneReplicaAtATimeIntegrationTests {

    private static ConfigurableApplicationContext otherReplica;

    @Autowired
    RetentionJob job;

    @Autowired
    ReplicaLocks locks;

    @Autowired
    MutableClock clock;

    @BeforeAll
    static void startOtherReplica() {
        otherReplica = Replicas.start();
    }

    @AfterAll
    static void stopOtherReplica() {
        otherReplica.close();
    }

    @BeforeEach
    void pinClock() {
        clock.set(Instant.parse("2001-06-01T00:00:00Z"));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void skipsTheJobHereWhileTheOtherReplicaRunsItAndRunsItOnceThatOneIsDone() throws Exception {
        var running = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        try (var executor = Executors.newSingleThreadExecutor()) {
            var there = executor.submit(() -> otherReplica.getBean(ReplicaLocks.class).runAlone(RetentionJob.LOCK, () -> {
                running.countDown();
                await(finish);
                return "ran";
            }));
            assertThat(running.await(30, SECONDS)).isTrue();

            assertThat(job.run()).as("while the other replica runs it").isEmpty();

            finish.countDown();
            assertThat(there.get(30, SECONDS)).contains("ran");
        }
        assertThat(job.run()).as("once the other replica is done").isPresent();
    }

    @Test
    void skipsTheJobOnTheOtherReplicaWhileThisOneRunsIt() throws Exception {
        var otherJob = otherReplica.getBean(RetentionJob.class);
        // Another thread: ShedLock lets the thread holding a lock into it again, whichever context asks.
        try (var otherThread = Executors.newSingleThreadExecutor()) {
            var here = locks.runAlone(RetentionJob.LOCK, () -> get(otherThread.submit(() -> otherJob.run())));

            assertThat(here).as("this replica held the lock").isPresent();
            assertThat(here.orElseThrow()).as("the other replica's job, asked meanwhile, skipped").isEmpty();
        }
    }

    private static <T> T get(java.util.concurrent.Future<T> future) {
        try {
            return future.get(30, SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
