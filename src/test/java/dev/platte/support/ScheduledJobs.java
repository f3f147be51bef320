package dev.platte.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a replica-locked job from a test. The job's own schedule (in this or another cached test context on
 * the same database) may hold its lock for a moment, and then the call skips; a test that needs the job's
 * effect calls it again until it has run.
 */
public final class ScheduledJobs {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private ScheduledJobs() {
    }

    public static <T> T runNow(Supplier<Optional<T>> job) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            var result = job.get();
            if (result != null && result.isPresent()) {
                return result.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job's lock stayed taken for " + PATIENCE);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
