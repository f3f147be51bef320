package dev.platte.admin.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.PlatteClient;
import dev.platte.support.Requests;
import dev.platte.support.ServerTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A recently verified HTTP Basic password skips bcrypt, yet every change to its user counts at once. */
class VerifiedCredentialIntegrationTests extends ServerTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    VerifiedPasswords verified;

    @Autowired
    JdbcTemplate jdbc;

    private record BasicUser(String name, PlatteClient client) {}

    private BasicUser user(String role) {
        var name = ApiFixture.unique("basic");
        client.ok("POST", "/api/v1/users", Map.of("username", name, "password", PASSWORD, "role", role));
        var user = new PlatteClient(port, name, PASSWORD);
        assertThat(user.get("/api/v1/apps").statusCode()).isEqualTo(200);
        assertThat(verified.recentlyVerified(name, PASSWORD, storedHash(name)))
                .as("the first request's password check is remembered").isTrue();
        assertThat(user.get("/api/v1/apps").statusCode()).isEqualTo(200);
        return new BasicUser(name, user);
    }

    private String storedHash(String name) {
        return jdbc.queryForObject("select password_hash from user_account where username = ?", String.class, name);
    }

    @Test
    void aRememberedPasswordStopsWorkingAsSoonAsItIsChanged() {
        var user = user("viewer");

        client.ok("PUT", "/api/v1/users/" + user.name(), Map.of("password", "a different passphrase"));

        assertThat(user.client().get("/api/v1/apps").statusCode()).isEqualTo(401);
        assertThat(new PlatteClient(port, user.name(), "a different passphrase").get("/api/v1/apps").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRememberedPasswordStopsWorkingAsSoonAsItsUserIsDeleted() {
        var user = user("viewer");

        client.ok("DELETE", "/api/v1/users/" + user.name(), "");

        assertThat(user.client().get("/api/v1/apps").statusCode()).isEqualTo(401);
    }

    @Test
    void aRememberedPasswordCarriesTheUsersCurrentRole() {
        var user = user("admin");
        assertThat(user.client().send("POST", "/api/v1/apps", Requests.application(ApiFixture.unique("before-demotion")))
                .statusCode()).isEqualTo(201);

        client.ok("PUT", "/api/v1/users/" + user.name(), Map.of("role", "viewer"));

        assertThat(user.client().send("POST", "/api/v1/apps", Requests.application(ApiFixture.unique("after-demotion")))
                .statusCode()).isEqualTo(403);
        assertThat(user.client().get("/api/v1/apps").statusCode()).isEqualTo(200);
    }

    @Test
    void neverRemembersAWrongPassword() {
        var name = ApiFixture.unique("basic");
        client.ok("POST", "/api/v1/users", Map.of("username", name, "password", PASSWORD, "role", "viewer"));

        assertThat(new PlatteClient(port, name, "not the password").get("/api/v1/apps").statusCode()).isEqualTo(401);

        assertThat(verified.recentlyVerified(name, "not the password", storedHash(name))).isFalse();
    }
}
