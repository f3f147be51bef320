package dev.platte.admin.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Right passwords checked recently, so a repeated HTTP Basic request skips bcrypt (tens of milliseconds of
 * CPU). Only the password check is remembered: the user is still loaded on every request, and an entry
 * counts only while the user name and the stored hash it was checked against are unchanged, so a password
 * change, a deletion or a new role takes effect at once. Wrong passwords are never remembered, and the
 * password itself never: only a SHA-256 of it salted with the stored hash. Per replica, bounded by
 * {@code platte.sign-in.tracked-keys}, each entry forgotten {@code verified-credential-ttl} after its check.
 */
@Component
class VerifiedPasswords {

    private final Cache<Key, Boolean> verified;

    VerifiedPasswords(SignInProperties properties, Clock clock) {
        var ttl = properties.verifiedCredentialTtl();
        this.verified = ttl.isZero() ? null
                : Caffeine.newBuilder()
                        .maximumSize(properties.trackedKeys())
                        .expireAfterWrite(ttl)
                        .ticker(() -> nanos(clock))
                        .executor(Runnable::run)
                        .build();
    }

    /** Whether this password was found right for this user, as stored now, within the TTL. */
    boolean recentlyVerified(String username, String password, String storedHash) {
        return verified != null && verified.getIfPresent(key(username, password, storedHash)) != null;
    }

    /** Remembers a password bcrypt has just found right against this stored hash. */
    void remember(String username, String password, String storedHash) {
        if (verified != null) {
            verified.put(key(username, password, storedHash), Boolean.TRUE);
        }
    }

    long size() {
        if (verified == null) {
            return 0;
        }
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private static Key key(String username, String password, String storedHash) {
        try {
            var sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(storedHash.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return new Key(username, storedHash,
                    HexFormat.of().formatHex(sha256.digest(password.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static long nanos(Clock clock) {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private record Key(String username, String storedHash, String passwordDigest) {}
}
