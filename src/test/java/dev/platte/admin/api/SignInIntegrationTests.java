package dev.platte.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.PageSignIn;
import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.LoopbackClients;
import dev.platte.support.MutableClock;
import dev.platte.support.PlatteClient;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Password sign-in under attack: wrong passwords are throttled per user name and per address (429 with
 * {@code Retry-After}, a message on the sign-in page, one audit entry per lockout), over-long passwords are
 * field errors, and changing who a user is ends their sessions. Each test signs in from its own loopback
 * address, so its lockouts touch no other test.
 */
class SignInIntegrationTests extends ServerTest {

    private static final String RIGHT = "right-password-123";
    /** The defaults: {@code platte.sign-in.account-failures} and {@code .address-failures}. */
    private static final int ACCOUNT_FAILURES = 10;
    private static final int ADDRESS_FAILURES = 30;

    @Autowired
    private MutableClock clock;

    @Autowired
    private JdbcTemplate jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void refusesAParallelBurstOfWrongPasswordsBeyondTheAllowanceWithRetryAfterAndOneAuditEntry() throws Exception {
        var user = user("viewer");
        var address = LoopbackClients.uniqueAddress();
        var http = LoopbackClients.from(address);

        var answers = parallel(25, () -> basicGet(http, user, "wrong-password-1", "/api/v1/apps"));

        assertThat(answers.stream().filter(a -> a.statusCode() == 401)).hasSize(ACCOUNT_FAILURES);
        assertThat(answers.stream().filter(a -> a.statusCode() == 429)).hasSize(25 - ACCOUNT_FAILURES);
        var refused = answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow();
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(PlatteClient.json(refused).get("status").asInt()).isEqualTo(429);
        // Locked means locked: the right password is not even checked now.
        assertThat(basicGet(http, user, RIGHT, "/api/v1/apps").statusCode()).isEqualTo(429);
        var entries = audit("user", user);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().get("action").asString()).isEqualTo("sign-in.throttle");
        assertThat(entries.getFirst().get("actor").asString()).isEqualTo(address);
    }

    @Test
    void acceptsTheRightPasswordFromTheSameAddressOnceTheLockoutEnds() throws Exception {
        var user = user("admin");
        var http = LoopbackClients.from(LoopbackClients.uniqueAddress());
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertThat(basicGet(http, user, "wrong-password-" + i, "/api/v1/apps").statusCode()).isEqualTo(401);
        }
        var locked = basicGet(http, user, RIGHT, "/api/v1/apps");
        assertThat(locked.statusCode()).isEqualTo(429);
        var retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());

        clock.advance(Duration.ofSeconds(retryAfter));

        assertThat(basicGet(http, user, RIGHT, "/api/v1/apps").statusCode()).isEqualTo(200);
    }

    @Test
    void throttlesAnAddressThatTriesManyUserNames() throws Exception {
        var address = LoopbackClients.uniqueAddress();
        var http = LoopbackClients.from(address);

        var answers = parallel(ADDRESS_FAILURES + 8,
                () -> basicGet(http, ApiFixture.unique("nobody"), "wrong-password-1", "/api/v1/apps"));

        assertThat(answers.stream().filter(a -> a.statusCode() == 401)).hasSize(ADDRESS_FAILURES);
        assertThat(answers.stream().filter(a -> a.statusCode() == 429)).hasSize(8);
        assertThat(audit("address", address)).hasSize(1);
    }

    @Test
    void tellsTheSignInFormHowLongToWait() throws Exception {
        var user = user("viewer");
        var http = LoopbackClients.from(LoopbackClients.uniqueAddress());
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertThat(formSignIn(http, user, "wrong-password-" + i).headers().firstValue("Location").orElseThrow())
                    .endsWith("/login?error");
        }

        var refused = formSignIn(http, user, RIGHT);

        var location = refused.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/login?throttled=");
        var seconds = location.substring(location.indexOf('=') + 1);
        assertThat(page(http, "/login?throttled=" + seconds, null).body())
                .contains("Too many failed sign-ins. Try again in " + seconds + " s.");
        // The same count covers HTTP Basic on the pages (a metrics scraper, say).
        var basicOnAPage = basicGet(http, user, RIGHT, "/actuator/prometheus");
        assertThat(basicOnAPage.statusCode()).isEqualTo(429);
        assertThat(basicOnAPage.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void refusesPasswordsLongerThanBcryptReadsAsAFieldErrorAndAsAWrongPassword() throws Exception {
        var tooLong = "p".repeat(80);
        var tooManyBytes = "é".repeat(40); // 40 characters, 80 bytes in UTF-8
        var name = ApiFixture.unique("long");

        var created = client.send("POST", "/api/v1/users", Map.of("username", name, "password", tooLong, "role", "viewer"));
        var multiByte = client.send("POST", "/api/v1/users",
                Map.of("username", name, "password", tooManyBytes, "role", "viewer"));
        var user = user("viewer");
        var changed = client.send("PUT", "/api/v1/users/" + user, Map.of("password", tooLong));
        var signIn = basicGet(LoopbackClients.from(LoopbackClients.uniqueAddress()), user, tooLong, "/api/v1/apps");

        for (var refused : List.of(created, multiByte, changed)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(PlatteClient.json(refused).get("errors").get(0).get("field").asString()).isEqualTo("password");
        }
        assertThat(signIn.statusCode()).isEqualTo(401);
        assertThat(client.send("POST", "/api/v1/users", Map.of("username", name, "password", "é".repeat(36), "role",
                "viewer")).statusCode()).as("72 bytes fit").isEqualTo(201);
    }

    @Test
    void endsTheSessionsOfAUserWhoIsDemotedGivenANewPasswordOrDeleted() throws Exception {
        var http = LoopbackClients.from(LoopbackClients.uniqueAddress());
        var demoted = user("admin");
        var repassworded = user("admin");
        var deleted = user("viewer");
        var demotedSession = sessionOf(http, demoted);
        var repasswordedSession = sessionOf(http, repassworded);
        var deletedSession = sessionOf(http, deleted);
        var untouched = sessionOf(http, user("viewer"));
        for (var session : List.of(demotedSession, repasswordedSession, deletedSession, untouched)) {
            assertThat(page(http, "/", session).statusCode()).isEqualTo(200);
        }

        client.ok("PUT", "/api/v1/users/" + demoted, Map.of("role", "viewer"));
        client.ok("PUT", "/api/v1/users/" + repassworded, Map.of("password", "another-password-456"));
        client.ok("DELETE", "/api/v1/users/" + deleted, "");

        for (var session : List.of(demotedSession, repasswordedSession, deletedSession)) {
            var answer = page(http, "/", session);
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        }
        assertThat(page(http, "/", untouched).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from spring_session where principal_name in (?, ?, ?)",
                Integer.class, demoted, repassworded, deleted)).isZero();
    }

    @Test
    void keepsOneAdminWhenTheLastTwoAreDemotedOrDeletedAtTheSameTime() throws Exception {
        // A token acts: its rights do not depend on any user's role, so it can always restore the admin.
        var token = client.ok("POST", "/api/v1/tokens", Map.of("name", ApiFixture.unique("last-admin"), "role", "admin"))
                .get("secret").asString();
        try {
            // Admins left behind by earlier tests would keep the count above two.
            for (var other : jdbc.queryForList("select username from user_account where role = 'admin' and username <> ?",
                    String.class, IntegrationTest.ADMIN)) {
                assertThat(bearer(token, "PUT", "/api/v1/users/" + other, "{\"role\":\"viewer\"}").statusCode())
                        .isEqualTo(200);
            }
            for (int round = 0; round < 6; round++) {
                var other = user("admin");
                var deleteOther = round % 2 == 1;
                var answers = parallel(List.of(
                        () -> bearer(token, "PUT", "/api/v1/users/" + IntegrationTest.ADMIN, "{\"role\":\"viewer\"}"),
                        () -> deleteOther
                                ? bearer(token, "DELETE", "/api/v1/users/" + other, "")
                                : bearer(token, "PUT", "/api/v1/users/" + other, "{\"role\":\"viewer\"}")));

                var statuses = answers.stream().map(HttpResponse::statusCode).sorted().toList();
                // One wins (200 demoted, 204 deleted), the other finds the last admin and is refused.
                assertThat(statuses).as("round " + round).hasSize(2);
                assertThat(statuses.get(0)).as("round " + round).isIn(200, 204);
                assertThat(statuses.get(1)).as("round " + round).isEqualTo(409);
                assertThat(jdbc.queryForObject("select count(*) from user_account where role = 'admin'", Integer.class))
                        .isEqualTo(1);
                restoreAdmin(token);
                bearer(token, "DELETE", "/api/v1/users/" + other, "");
            }
        } finally {
            restoreAdmin(token);
        }
    }

    private void restoreAdmin(String token) throws Exception {
        assertThat(bearer(token, "PUT", "/api/v1/users/" + IntegrationTest.ADMIN, "{\"role\":\"admin\"}").statusCode())
                .isEqualTo(200);
    }

    private String user(String role) {
        var name = ApiFixture.unique("signin");
        client.ok("POST", "/api/v1/users", Map.of("username", name, "password", RIGHT, "role", role));
        return name;
    }

    private List<JsonNode> audit(String type, String id) {
        var items = new ArrayList<JsonNode>();
        client.getJson("/api/v1/audit?action=sign-in.throttle&targetType=" + type + "&targetId=" + id).get("items")
                .forEach(items::add);
        return items;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private HttpResponse<String> basicGet(HttpClient http, String user, String password, String path) throws Exception {
        var credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Basic " + credentials)
                .GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> bearer(String token, String method, String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> page(HttpClient http, String path, String cookie) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url(path))).header("Accept", "text/html");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> formSignIn(HttpClient http, String user, String password) {
        return PageSignIn.attempt(http, url(""), user, password).response();
    }

    /** Signs in with the form; the session cookie. */
    private String sessionOf(HttpClient http, String user) {
        return PageSignIn.session(http, url(""), user, RIGHT);
    }

    private static List<HttpResponse<String>> parallel(int count, Callable<HttpResponse<String>> call) throws Exception {
        var calls = new ArrayList<Callable<HttpResponse<String>>>();
        for (int i = 0; i < count; i++) {
            calls.add(call);
        }
        return parallel(calls);
    }

    /** Starts every call at once. */
    private static List<HttpResponse<String>> parallel(List<Callable<HttpResponse<String>>> calls) throws Exception {
        var start = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<HttpResponse<String>>>();
            for (var call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            var answers = new ArrayList<HttpResponse<String>>();
            for (var future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }
}
