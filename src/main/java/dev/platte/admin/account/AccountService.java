package dev.platte.admin.account;

import dev.platte.audit.AuditTrail;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Local users and API tokens. */
@Service
@Transactional
public class AccountService {

    static final String TOKEN_PREFIX = "platte_";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserAccountRepository users;
    private final ApiTokenRepository tokens;
    private final PasswordEncoder passwordEncoder;
    private final AuditTrail audit;
    private final Clock clock;

    AccountService(UserAccountRepository users, ApiTokenRepository tokens, PasswordEncoder passwordEncoder,
            AuditTrail audit, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.clock = clock;
    }

    // --- users --------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<UserAccount> users() {
        return users.findAllByOrderByUsername();
    }

    public UserAccount createUser(String username, String password, Role role) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("username", "letters, digits and . _ @ - only, up to 100");
        }
        checkPassword(password);
        if (users.existsById(username)) {
            throw new ConflictException("user '" + username + "' already exists");
        }
        var user = users.save(new UserAccount(username, passwordEncoder.encode(password), role));
        audit.record("user.create", "user", username, null, snapshot(user));
        return user;
    }

    /** Changes a user's role and, when given, password. The last admin cannot stop being one. */
    public UserAccount updateUser(String username, String password, Role role) {
        var user = users.findById(username).orElseThrow(() -> NotFoundException.of("user", username));
        var before = snapshot(user);
        if (role != null && role != user.role()) {
            if (user.role() == Role.ADMIN && users.countByRole(Role.ADMIN.wireName()) == 1) {
                throw new ConflictException("'" + username + "' is the last admin");
            }
            user.changeRole(role);
        }
        if (password != null) {
            checkPassword(password);
            user.changePasswordHash(passwordEncoder.encode(password));
        }
        var after = snapshot(user);
        if (password != null) {
            after.put("password", "changed");
        }
        audit.record("user.update", "user", username, before, after);
        return user;
    }

    public void deleteUser(String username) {
        var user = users.findById(username).orElseThrow(() -> NotFoundException.of("user", username));
        if (user.role() == Role.ADMIN && users.countByRole(Role.ADMIN.wireName()) == 1) {
            throw new ConflictException("'" + username + "' is the last admin");
        }
        users.delete(user);
        audit.record("user.delete", "user", username, snapshot(user), null);
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < 12 || password.length() > 200) {
            throw new InvalidInputException("password", "must be 12 to 200 characters long");
        }
    }

    private static Map<String, Object> snapshot(UserAccount user) {
        var map = new LinkedHashMap<String, Object>();
        map.put("username", user.username());
        map.put("role", user.role().wireName());
        return map;
    }

    // --- API tokens ---------------------------------------------------------------------------

    /** A new token and its secret, which is never shown again. */
    public record IssuedToken(ApiToken token, String secret) {}

    public IssuedToken issueToken(String name, Role role, Instant expiresAt) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInputException("name", "must be 1 to 100 characters");
        }
        var now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidInputException("expiresAt", "must be in the future");
        }
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var token = tokens.save(new ApiToken(name.strip(), hash(secret), role, AuditTrail.currentActor(), now, expiresAt));
        audit.record("token.create", "token", token.id(), null, snapshot(token));
        return new IssuedToken(token, secret);
    }

    @Transactional(readOnly = true)
    public List<ApiToken> tokens() {
        return tokens.findAllByOrderByCreatedAtDesc();
    }

    public ApiToken revokeToken(UUID id) {
        var token = tokens.findById(id).orElseThrow(() -> NotFoundException.of("token", id));
        var before = snapshot(token);
        if (!token.revoke(clock.instant())) {
            throw new ConflictException("token '" + token.name() + "' is already revoked");
        }
        audit.record("token.revoke", "token", token.id(), before, snapshot(token));
        return token;
    }

    /** The valid token with this secret, recording its use; empty for unknown, expired or revoked ones. */
    public Optional<ApiToken> authenticate(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        var now = clock.instant();
        var token = tokens.findByTokenHash(hash(secret)).filter(t -> t.isValidAt(now));
        token.ifPresent(t -> t.touch(now));
        return token;
    }

    private static Map<String, Object> snapshot(ApiToken token) {
        var map = new LinkedHashMap<String, Object>();
        map.put("name", token.name());
        map.put("role", token.role().wireName());
        map.put("expiresAt", token.expiresAt());
        map.put("revokedAt", token.revokedAt());
        return map;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
