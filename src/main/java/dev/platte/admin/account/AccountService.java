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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Local users and API tokens. */
@Service
@Transactional
public class AccountService {

    static final String TOKEN_PREFIX = "platte_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserAccountRepository users;
    private final ApiTokenRepository tokens;
    private final PasswordEncoder passwordEncoder;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    AccountService(UserAccountRepository users, ApiTokenRepository tokens, PasswordEncoder passwordEncoder,
            ApplicationEventPublisher publisher, Clock clock, FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.users = users;
        this.tokens = tokens;
        this.passwordEncoder = passwordEncoder;
        this.publisher = publisher;
        this.clock = clock;
        this.sessions = sessions;
    }

    // --- users --------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<UserAccount> users() {
        return users.findAllByOrderByUsername();
    }

    public UserAccount createUser(String username, String password, Role role) {
        Credentials.checkUsername(username);
        Credentials.checkPassword(password);
        if (users.existsById(username)) {
            throw new ConflictException("user '" + username + "' already exists");
        }
        var user = users.save(new UserAccount(username, passwordEncoder.encode(password), role, clock.instant()));
        publisher.publishEvent(new UserCreated(username, snapshot(user), AuditTrail.currentActor()));
        return user;
    }

    /**
     * Changes a user's role and, when given, password. The last admin cannot stop being one. Either change
     * ends the user's sessions, which still carry the old role.
     */
    public UserAccount updateUser(String username, String password, Role role) {
        if (password != null) {
            Credentials.checkPassword(password);
        }
        var admins = role == null ? List.<UserAccount>of() : lockAdmins();
        var user = users.findById(username).orElseThrow(() -> NotFoundException.of("user", username));
        var before = snapshot(user);
        var changed = false;
        if (role != null && role != user.role()) {
            refuseLosingTheLastAdmin(user, admins);
            user.changeRole(role);
            changed = true;
        }
        if (password != null) {
            user.changePasswordHash(passwordEncoder.encode(password));
            changed = true;
        }
        var after = snapshot(user);
        if (password != null) {
            after.put("password", "changed");
        }
        publisher.publishEvent(new UserUpdated(username, before, after, AuditTrail.currentActor()));
        if (changed) {
            endSessionsAfterCommit(username);
        }
        return user;
    }

    public void deleteUser(String username) {
        var admins = lockAdmins();
        var user = users.findById(username).orElseThrow(() -> NotFoundException.of("user", username));
        refuseLosingTheLastAdmin(user, admins);
        users.delete(user);
        publisher.publishEvent(new UserDeleted(username, snapshot(user), AuditTrail.currentActor()));
        endSessionsAfterCommit(username);
    }

    /**
     * Every admin, locked until this transaction ends: of two concurrent demotions or deletions of the last
     * two admins, the second waits for the first and then sees one admin left. Locked before the target is
     * read, so the target's role is the committed one.
     */
    private List<UserAccount> lockAdmins() {
        return users.findByRole(Role.ADMIN.wireName());
    }

    private static void refuseLosingTheLastAdmin(UserAccount user, List<UserAccount> admins) {
        if (user.role() == Role.ADMIN && admins.size() <= 1) {
            throw new ConflictException("'" + user.username() + "' is the last admin");
        }
    }

    /**
     * Sessions are Spring Session rows every replica reads, so deleting them signs the user out everywhere
     * at once. After commit: a change that rolls back signs no one out.
     */
    private void endSessionsAfterCommit(String username) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                sessions.findByPrincipalName(username).keySet().forEach(sessions::deleteById);
            }
        });
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
        publisher.publishEvent(new TokenIssued(token.id(), token.name(), snapshot(token), AuditTrail.currentActor()));
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
        publisher.publishEvent(new TokenRevoked(token.id(), token.name(), before, snapshot(token), AuditTrail.currentActor()));
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
