package dev.platte.admin.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Makes sure someone can sign in on a fresh installation. */
@Component
class BootstrapAdmin {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    /** Serialises replicas that start together against one database. */
    private static final long LOCK_KEY = 0x706c6174_74650001L;

    private final UserAccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final AdminProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    BootstrapAdmin(UserAccountRepository accounts, PasswordEncoder passwordEncoder, AdminProperties properties,
            JdbcTemplate jdbc, Clock clock) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void ensureAdmin() {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", LOCK_KEY);
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
