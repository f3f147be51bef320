package dev.platte.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Waiting, in a test, until PostgreSQL backends wait for row locks (the writers under test reached them). */
public final class LockWaits {

    private LockWaits() {}

    /** Returns once at least {@code count} backends wait for a lock; fails after 20 s. */
    public static void awaitBackendsWaitingForLocks(JdbcTemplate jdbc, int count) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                Integer.class) < count) {
            assertThat(System.nanoTime()).as("%d backends waiting for a lock in time", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
