package dev.platte.database;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs a task on one replica at a time, by name, for the jobs whose lock name is only known at run time
 * (one per upstream) or whose caller must learn that it was skipped. Scheduled jobs with a fixed name use
 * ShedLock's {@code @SchedulerLock} on the method instead; both share the lock table and the provider.
 */
@Component
public class ReplicaLocks {

    /**
     * How long a lock outlives a replica that died holding it. A live holder extends it before then
     * (ShedLock's keep-alive needs at least 30 s), so this bounds the wait after a crash, not a run.
     */
    public static final String LOCK_AT_MOST_FOR_TEXT = "PT1M";
    public static final Duration LOCK_AT_MOST_FOR = Duration.parse(LOCK_AT_MOST_FOR_TEXT);

    private final LockingTaskExecutor executor;

    ReplicaLocks(LockProvider lockProvider) {
        this.executor = new DefaultLockingTaskExecutor(lockProvider);
    }

    /**
     * The task's (non-null) result, or empty when another replica, or another thread of this one, holds the
     * lock named {@code name}. The thread holding a lock may take it again (ShedLock's rule).
     */
    public <T> Optional<T> runAlone(String name, Supplier<T> task) {
        var configuration = new LockConfiguration(ClockProvider.now(), name, LOCK_AT_MOST_FOR, Duration.ZERO);
        try {
            var result = executor.executeWithLock(task::get, configuration);
            return result.wasExecuted() ? Optional.of(result.getResult()) : Optional.empty();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // A Supplier throws no checked exception; ShedLock's signature merely allows one.
            throw new IllegalStateException(e);
        }
    }
}
