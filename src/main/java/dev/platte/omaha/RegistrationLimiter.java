package dev.platte.omaha;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.platte.common.net.IpLiteral;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.security.util.matcher.InetAddressMatchers;
import org.springframework.stereotype.Component;

/**
 * The per-address token bucket for registering new machines (Bucket4j), with the buckets in a bounded
 * Caffeine cache: an attacker cycling through addresses costs at most {@code maxAddresses} buckets.
 */
@Component
class RegistrationLimiter {

    private final RegistrationLimitProperties properties;
    private final InetAddressMatcher exempt;
    private final Cache<String, Bucket> buckets;
    private final Counter refusals;

    RegistrationLimiter(RegistrationLimitProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.exempt = exemptRanges(properties.exempt());
        // An idle bucket is full again after refillTime(), so dropping it then loses nothing.
        this.buckets = Caffeine.newBuilder()
                .maximumSize(properties.maxAddresses())
                .expireAfterAccess(properties.refillTime())
                .build();
        this.refusals = Counter.builder("platte.omaha.registrations.refused")
                .description("Update checks refused with 429 because their address registered new machines too fast")
                .register(meters);
    }

    /** Whether registrations from this address are limited at all (not disabled, not exempt). */
    boolean limits(String clientIp) {
        if (!properties.enabled()) {
            return false;
        }
        var address = parse(clientIp);
        return address == null || !exempt.matches(address);
    }

    /**
     * Takes {@code count} registrations from the address's bucket: empty when allowed, else how long
     * until they would be (nothing is taken then).
     */
    Optional<Duration> tryRegister(String clientIp, int count) {
        if (count <= 0 || !limits(clientIp)) {
            return Optional.empty();
        }
        var bucket = buckets.get(keyOf(clientIp), key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(properties.burst())
                        .refillGreedy(properties.perMinute(), Duration.ofMinutes(1)).build())
                .build());
        var probe = bucket.tryConsumeAndReturnRemaining(Math.min(count, properties.burst()));
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        refusals.increment();
        return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Buckets kept now (bounded by {@code maxAddresses}; for tests and measurements). */
    long trackedAddresses() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** IPv4 per address; IPv6 per /64, the smallest network a site is usually given. */
    private static String keyOf(String clientIp) {
        var address = parse(clientIp);
        if (address instanceof Inet6Address) {
            var bytes = address.getAddress();
            for (int i = 8; i < bytes.length; i++) {
                bytes[i] = 0;
            }
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                return clientIp;
            }
        }
        return address == null ? String.valueOf(clientIp) : address.getHostAddress();
    }

    private static InetAddress parse(String clientIp) {
        return IpLiteral.parse(clientIp).orElse(null);
    }

    private static InetAddressMatcher exemptRanges(List<String> configured) {
        var ranges = configured.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (ranges.isEmpty()) {
            return address -> false;
        }
        try {
            return InetAddressMatchers.builder().includeAddresses(ranges).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("platte.omaha.registration-limit.exempt: " + e.getMessage(), e);
        }
    }
}
