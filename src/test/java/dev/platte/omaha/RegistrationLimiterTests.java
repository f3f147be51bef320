package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationLimiterTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private RegistrationLimiter limiter(int burst, int perMinute, List<String> exempt, int maxAddresses) {
        return new RegistrationLimiter(new RegistrationLimitProperties(true, burst, perMinute, exempt, maxAddresses), meters);
    }

    @Test
    void allowsTheBurstThenRefusesWithTheTimeUntilATokenRefillsAndCountsRefusals() {
        var limiter = limiter(3, 60, List.of(), 10);

        assertThat(limiter.tryRegister("198.51.100.7", 2)).isEmpty();
        assertThat(limiter.tryRegister("198.51.100.7", 1)).isEmpty();
        var refused = limiter.tryRegister("198.51.100.7", 1);

        assertThat(refused).hasValueSatisfying(wait -> assertThat(wait.toMillis()).isBetween(1L, 1_000L));
        assertThat(meters.counter("platte.omaha.registrations.refused").count()).isEqualTo(1);
        assertThat(limiter.tryRegister("198.51.100.8", 3)).as("another address has its own bucket").isEmpty();
    }

    @Test
    void takesNothingWhenItRefusesSoASmallerRequestMayStillPass() {
        var limiter = limiter(3, 1, List.of(), 10);

        assertThat(limiter.tryRegister("198.51.100.7", 2)).isEmpty();
        assertThat(limiter.tryRegister("198.51.100.7", 2)).isPresent();
        assertThat(limiter.tryRegister("198.51.100.7", 1)).isEmpty();
    }

    @Test
    void neverLimitsExemptRangesOrRequestsThatRegisterNothing() {
        var limiter = limiter(1, 1, List.of("10.0.0.0/8", "2001:db8::/32"), 10);

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryRegister("10.1.2.3", 1)).isEmpty();
            assertThat(limiter.tryRegister("2001:db8::" + i, 1)).isEmpty();
            assertThat(limiter.tryRegister("198.51.100.7", 0)).isEmpty();
        }
        assertThat(limiter.limits("10.1.2.3")).isFalse();
        assertThat(limiter.limits("198.51.100.7")).isTrue();
    }

    @Test
    void countsAnIpv6SiteAsOneAddressPerSlash64() {
        var limiter = limiter(2, 1, List.of(), 10);

        assertThat(limiter.tryRegister("2001:db8:1:2::1", 1)).isEmpty();
        assertThat(limiter.tryRegister("2001:db8:1:2:ffff::9", 1)).isEmpty();
        assertThat(limiter.tryRegister("2001:db8:1:2:abcd::5", 1)).as("same /64").isPresent();
        assertThat(limiter.tryRegister("2001:db8:1:3::1", 1)).as("another /64").isEmpty();
    }

    @Test
    void keepsAtMostMaxAddressesBuckets() {
        var limiter = limiter(1, 1, List.of(), 100);

        for (int i = 0; i < 5_000; i++) {
            limiter.tryRegister("198.51." + (i / 256) + "." + (i % 256), 1);
        }

        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(100);
    }
}
