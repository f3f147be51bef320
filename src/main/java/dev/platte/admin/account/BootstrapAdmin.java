package dev.platte.admin.account;

import dev.platte.database.AdvisoryLock;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Makes sure someone can sign in on a fresh installation. */
@Component
class BootstrapAdmin {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final UserAccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final AdminProperties properties;
    private final JdbcClient jdbc;
    private final Clock clock;

    BootstrapAdmin(UserAccountRepository accounts, PasswordEncoder passwordEncoder, AdminProperties properties,
            JdbcClient jdbc, Clock clock) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void ensureAdmin() {
        AdvisoryLock.BOOTSTRAP_ADMIN.lockUntilCommit(jdbc);
        var configured = properties.password();
        if (configured != null && !configured.isBlank() && !Credentials.fitsBcrypt(configured)) {
            throw new IllegalStateException("platte.admin.password must be at most " + Credentials.MAX_PASSWORD_BYTES
                    + " bytes long (UTF-8): bcrypt reads no more");
        }
        var existing = accounts.findById(properties.username());
        if (configured != null && !configured.isBlank()) {
            existing.ifPresentOrElse(
                    account -> {
                        if (!passwordEncoder.matches(configured, account.passwordHash())) {
                            account.changePasswordHash(passwordEncoder.encode(configured));
                        }
                    },
                    () -> accounts.save(new UserAccount(
                            properties.username(), passwordEncoder.encode(configured), Role.ADMIN, clock.instant())));
            return;
        }
        if (existing.isEmpty() && accounts.count() == 0) {
            var generated = randomPassword();
            accounts.save(new UserAccount(properties.username(), passwordEncoder.encode(generated), Role.ADMIN,
                    clock.instant()));
            log.warn("""

                    ==========================================================================
                    Created the administrator '{}' with the generated password:

                        {}

                    It is shown this once. Set platte.admin.password to choose your own.
                    ==========================================================================""",
                    properties.username(), generated);
        }
    }

    private static String randomPassword() {
        var bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
