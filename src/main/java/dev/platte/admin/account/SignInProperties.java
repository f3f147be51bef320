package dev.platte.admin.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How failed password sign-ins are throttled (form, HTTP Basic on pages and API). Each limit is a token
 * bucket: {@code failures} wrong passwords in a row are allowed, then one more per {@code window / failures}.
 *
 * @param accountFailures wrong passwords for one user name before it is throttled
 * @param addressFailures wrong passwords from one address (an IPv6 /64) before it is throttled
 * @param window how long a full bucket takes to refill
 * @param trackedKeys user names and addresses remembered per replica (each of the two caches), and as many
 *     recently verified passwords; the least used are forgotten beyond it, so memory stays bounded whatever an
 *     attacker sends
 * @param verifiedCredentialTtl how long a right password is trusted without bcrypt while its user's stored
 *     hash is unchanged; {@code 0} checks every time
 */
@ConfigurationProperties("platte.sign-in")
public record SignInProperties(
        @DefaultValue("10") int accountFailures,
        @DefaultValue("30") int addressFailures,
        @DefaultValue("5m") Duration window,
        @DefaultValue("10000") int trackedKeys,
        @DefaultValue("5m") Duration verifiedCredentialTtl) {

    public SignInProperties {
        if (accountFailures < 1 || addressFailures < 1 || trackedKeys < 1) {
            throw new IllegalArgumentException("platte.sign-in: failures and tracked-keys must be at least 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("platte.sign-in.window must be positive");
        }
        if (verifiedCredentialTtl.isNegative()) {
            throw new IllegalArgumentException("platte.sign-in.verified-credential-ttl must not be negative");
        }
    }
}
