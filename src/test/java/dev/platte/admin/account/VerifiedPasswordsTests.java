package dev.platte.admin.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifiedPasswordsTests {

    private static final String HASH = "{bcrypt}$2a$10$abcdefghijklmnopqrstuu5GZz1T4rGbS8OqQ5K6YbqX2d0m1Qy3u";
    private final MutableClock clock = fixedClock();

    private static MutableClock fixedClock() {
        var clock = new MutableClock();
        clock.set(Instant.parse("2026-01-01T00:00:00Z"));
        return clock;
    }

    private VerifiedPasswords verified(Duration ttl, int size) {
        return new VerifiedPasswords(new SignInProperties(10, 30, Duration.ofMinutes(5), size, ttl), clock);
    }

    @Test
    void trustsARememberedPasswordOnlyForTheSameUserAndStoredHash() {
        var verified = verified(Duration.ofMinutes(5), 100);
        verified.remember("ana", "correct horse battery", HASH);

        assertThat(verified.recentlyVerified("ana", "correct horse battery", HASH)).isTrue();
        assertThat(verified.recentlyVerified("ana", "correct horse batterY", HASH)).isFalse();
        assertThat(verified.recentlyVerified("bob", "correct horse battery", HASH)).isFalse();
        assertThat(verified.recentlyVerified("ana", "correct horse battery", HASH.replace("u5G", "u6G"))).isFalse();
    }

    @Test
    void forgetsAPasswordWhenItsTimeToLiveHasPassedSinceItWasChecked() {
        var verified = verified(Duration.ofMinutes(5), 100);
        verified.remember("ana", "correct horse battery", HASH);

        clock.advance(Duration.ofMinutes(4));
        assertThat(verified.recentlyVerified("ana", "correct horse battery", HASH)).isTrue();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(verified.recentlyVerified("ana", "correct horse battery", HASH)).isFalse();
    }

    @Test
    void remembersNothingWithAZeroTimeToLive() {
        var verified = verified(Duration.ZERO, 100);
        verified.remember("ana", "correct horse battery", HASH);

        assertThat(verified.recentlyVerified("ana", "correct horse battery", HASH)).isFalse();
        assertThat(verified.size()).isZero();
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfPasswords() {
        var verified = verified(Duration.ofMinutes(5), 10);
        for (var i = 0; i < 1_000; i++) {
            verified.remember("user" + i, "correct horse battery", HASH);
        }

        assertThat(verified.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void refusesANegativeTimeToLive() {
        assertThatThrownBy(() -> verified(Duration.ofSeconds(-1), 100))
                .hasMessageContaining("verified-credential-ttl");
    }
}
