package dev.platte.omaha;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Warnings about misconfigurations that nodes run into on every check (a track no group serves, a
 * group without a package). Each distinct warning is logged at most once per period; what is
 * remembered for that is a bounded cache, and the number of distinct warnings per period has a budget,
 * so a flood of made-up tracks costs neither memory nor log beyond a fixed amount.
 */
final class NodeWarnings {

    static final Duration PERIOD = Duration.ofMinutes(10);
    /** Distinct warnings remembered; beyond it the least recently used are forgotten. */
    static final int MAX_REMEMBERED = 1_000;
    /** Distinct warnings logged per {@link #PERIOD}; the rest are counted and reported with the next one. */
    static final int MAX_PER_PERIOD = 50;

    private final Logger log;
    private final Cache<String, Boolean> recent = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED)
            .expireAfterWrite(PERIOD)
            .build();
    private final Bucket budget = Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(MAX_PER_PERIOD).refillIntervally(MAX_PER_PERIOD, PERIOD).build())
            .build();
    private final AtomicLong suppressed = new AtomicLong();

    NodeWarnings(Logger log) {
        this.log = log;
    }

    /**
     * Logs {@code message} unless the same {@code key} was logged within the period. Arguments that came
     * from a node must already be passed through {@link dev.platte.common.LogSafe}; so must the key's
     * node-sent part, which keeps the cache's memory bounded too.
     */
    void warn(String key, String message, Object... args) {
        if (recent.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        if (!budget.tryConsume(1)) {
            suppressed.incrementAndGet();
            return;
        }
        var skipped = suppressed.getAndSet(0);
        if (skipped > 0) {
            log.warn("{} more distinct warnings like the following were suppressed in the last {} min", skipped,
                    PERIOD.toMinutes());
        }
        log.warn(message, args);
    }

    /** How many distinct warnings are remembered now (for tests and measurements). */
    long remembered() {
        recent.cleanUp();
        return recent.estimatedSize();
    }
}
