package dev.platte.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Platte behaves while its database is unreachable.
 *
 * @param retryAfter sent as {@code Retry-After} with every 503 answered during an outage
 * @param probeInterval how often the database is tried while it is down
 * @param probeTimeout how long one try's {@code SELECT 1} may take
 */
@ConfigurationProperties("platte.database")
public record DatabaseProperties(
        @DefaultValue("30s") Duration retryAfter,
        @DefaultValue("1s") Duration probeInterval,
        @DefaultValue("1s") Duration probeTimeout) {

    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }
}
