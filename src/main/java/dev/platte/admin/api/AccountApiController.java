package dev.platte.admin.api;

import dev.platte.admin.account.AccountService;
import dev.platte.admin.account.ApiToken;
import dev.platte.admin.account.Role;
import dev.platte.admin.account.UserAccount;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Local users and API tokens; admins only. */
@RestController
@Tag(name = "Accounts", description = "Local users and API tokens (admins only).")
class AccountApiController {

    private static final String ROLE_PATTERN = "admin|viewer";
    private static final String ROLE_MESSAGE = "must be one of admin, viewer";

    private final AccountService accounts;

    AccountApiController(AccountService accounts) {
        this.accounts = accounts;
    }

    record UserView(String username, String role, Instant createdAt) {
        static UserView of(UserAccount user) {
            return new UserView(user.username(), user.role().wireName(), user.createdAt());
        }
    }

    record CreateUserRequest(
            @NotBlank @Size(max = 100) String username,
            @NotBlank String password,
            @NotNull @Pattern(regexp = ROLE_PATTERN, message = ROLE_MESSAGE) String role) {}

    record UpdateUserRequest(String password, @Pattern(regexp = ROLE_PATTERN, message = ROLE_MESSAGE) String role) {}

    record TokenView(UUID id, String name, String role, String createdBy, Instant createdAt, Instant expiresAt,
            Instant revokedAt, Instant lastUsedAt) {
        static TokenView of(ApiToken token) {
            return new TokenView(token.id(), token.name(), token.role().wireName(), token.createdBy(),
                    token.createdAt(), token.expiresAt(), token.revokedAt(), token.lastUsedAt());
        }
    }

    /** The token's secret is in this answer only: Platte keeps nothing but its hash. */
    record IssuedTokenView(TokenView token, String secret) {}

    record CreateTokenRequest(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Pattern(regexp = ROLE_PATTERN, message = ROLE_MESSAGE) String role,
            Instant expiresAt) {}

    @GetMapping("/api/v1/users")
    List<UserView> users() {
        return accounts.users().stream().map(UserView::of).toList();
    }

    @PostMapping("/api/v1/users")
    ResponseEntity<UserView> createUser(@Valid @RequestBody CreateUserRequest request) {
        var user = accounts.createUser(request.username(), request.password(), Role.fromWireName(request.role()));
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.username())).body(UserView.of(user));
    }

    @PutMapping("/api/v1/users/{username}")
    UserView updateUser(@PathVariable String username, @Valid @RequestBody UpdateUserRequest request) {
        return UserView.of(accounts.updateUser(username, request.password(),
                request.role() == null ? null : Role.fromWireName(request.role())));
    }

    @DeleteMapping("/api/v1/users/{username}")
    ResponseEntity<Void> deleteUser(@PathVariable String username) {
        accounts.deleteUser(username);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/tokens")
    List<TokenView> tokens() {
        return accounts.tokens().stream().map(TokenView::of).toList();
    }

    @PostMapping("/api/v1/tokens")
    ResponseEntity<IssuedTokenView> createToken(@Valid @RequestBody CreateTokenRequest request) {
        var issued = accounts.issueToken(request.name(), Role.fromWireName(request.role()), request.expiresAt());
        return ResponseEntity.status(201).body(new IssuedTokenView(TokenView.of(issued.token()), issued.secret()));
    }

    @DeleteMapping("/api/v1/tokens/{id}")
    TokenView revokeToken(@PathVariable UUID id) {
        return TokenView.of(accounts.revokeToken(id));
    }
}
