package dev.platte.omaha;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the reports of concurrent requests (events, pings: apps without an update check) are written together
 * ({@link GroupCommit}).
 *
 * @param maxWait how long a report waits for others to be written with before it is written; it is answered
 *     only after that write commits. Zero writes each report at once, alone
 * @param maxSize the most reports written together; a batch this full is written without waiting longer.
 *     1 writes each report alone
 */
@ConfigurationProperties("platte.omaha.group-commit")
public record GroupCommitProperties(
        @DefaultValue("20ms") Duration maxWait,
        @DefaultValue("16") int maxSize) {

    public GroupCommitProperties {
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("platte.omaha.group-commit.max-wait must be between 0 and 1s, got " + maxWait);
        }
        if (maxSize < 1 || maxSize > 1000) {
            throw new IllegalArgumentException("platte.omaha.group-commit.max-size must be between 1 and 1000, got " + maxSize);
        }
    }
}
