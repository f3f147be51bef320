package dev.platte.admin.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.common.InvalidInputException;
import org.junit.jupiter.api.Test;

class CredentialsTests {

    @Test
    void acceptsPasswordsFromTwelveCharactersUpToSeventyTwoBytes() {
        assertThatCode(() -> Credentials.checkPassword("x".repeat(12))).doesNotThrowAnyException();
        assertThatCode(() -> Credentials.checkPassword("x".repeat(72))).doesNotThrowAnyException();
        assertThatCode(() -> Credentials.checkPassword("é".repeat(36))).doesNotThrowAnyException();
    }

    @Test
    void refusesShortPasswordsAndOnesLongerThanBcryptReadsNamingTheField() {
        for (var password : new String[] {null, "x".repeat(11), "x".repeat(73), "é".repeat(37), "😀".repeat(19)}) {
            assertThatThrownBy(() -> Credentials.checkPassword(password))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("password"));
        }
    }

    @Test
    void knowsWhichUserNamesCanExist() {
        assertThat(Credentials.isPossibleUsername("ops.team@example-1_a")).isTrue();
        assertThat(Credentials.isPossibleUsername("a".repeat(101))).isFalse();
        assertThat(Credentials.isPossibleUsername("evil\nname")).isFalse();
        assertThat(Credentials.isPossibleUsername("")).isFalse();
        assertThat(Credentials.isPossibleUsername(null)).isFalse();
    }

    @Test
    void countsAnIpv6Slash64AsOneAddress() {
        assertThat(SignInThrottle.addressKey("2001:db8:1:2:aaaa::1")).isEqualTo(SignInThrottle.addressKey("2001:db8:1:2::ffff"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(SignInThrottle.addressKey("2001:db8:1:3::1")).isNotEqualTo(SignInThrottle.addressKey("2001:db8:1:2::1"));
        assertThat(SignInThrottle.addressKey("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(SignInThrottle.addressKey("x".repeat(500))).hasSize(45);
    }
}
