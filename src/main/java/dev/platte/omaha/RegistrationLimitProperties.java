package dev.platte.omaha;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast one source address may register machines Platte has not seen before (a token bucket per
 * address; IPv6 addresses count per /64). Check-ins of known machines are never limited. Buckets live in
 * each replica's memory, so with N replicas behind a load balancer an address may register up to N times
 * the rate.
 *
 * @param enabled whether new registrations are limited at all
 * @param burst registrations an address may make at once (the bucket's size)
 * @param perMinute registrations an address regains per minute once it has used its burst
 * @param exempt addresses or CIDR ranges never limited (a site's own NAT, a lab)
 * @param maxAddresses addresses whose buckets are kept; the least recently used beyond it are forgotten
 *     (a forgotten address starts again with a full bucket)
 */
@ConfigurationProperties("platte.omaha.registration-limit")
public record RegistrationLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200") int burst,
        @DefaultValue("60") int perMinute,
        @DefaultValue List<String> exempt,
        @DefaultValue("100000") int maxAddresses) {

    public RegistrationLimitProperties {
        if (burst < 1 || perMinute < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException(
                    "platte.omaha.registration-limit: burst, per-minute and max-addresses must be positive");
        }
    }

    /** How long an unused bucket takes to fill up again; after that, forgetting it changes nothing. */
    Duration refillTime() {
        return Duration.ofSeconds((60L * burst + perMinute - 1) / perMinute);
    }
}
