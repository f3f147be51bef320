package dev.platte.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API endpoint the server registers, called as anonymous, viewer, admin, viewer token, admin token
 * and revoked token. The rule table below must name every endpoint: a new endpoint without a rule fails
 * this test, so nothing ships without a decision on who may call it.
 */
class AuthorizationMatrixIntegrationTests extends ServerTest {

    enum Access {
        /** Any signed-in user or token may call it. */
        VIEWER,
        /** Admins (users or tokens) only. */
        ADMIN
    }

    private static final Map<String, Access> RULES = Map.ofEntries(
            Map.entry("GET /api/v1/apps", Access.VIEWER),
            Map.entry("POST /api/v1/apps", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}", Access.VIEWER),
            Map.entry("PUT /api/v1/apps/{app}", Access.ADMIN),
            Map.entry("DELETE /api/v1/apps/{app}", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/stats/versions", Access.VIEWER),
            Map.entry("GET /api/v1/apps/{app}/packages", Access.VIEWER),
            Map.entry("POST /api/v1/apps/{app}/packages", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/packages/{id}", Access.VIEWER),
            Map.entry("PUT /api/v1/apps/{app}/packages/{id}", Access.ADMIN),
            Map.entry("DELETE /api/v1/apps/{app}/packages/{id}", Access.ADMIN),
            Map.entry("POST /api/v1/apps/{app}/packages/{id}/revoke", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/packages/{id}/revocations", Access.VIEWER),
            Map.entry("PUT /api/v1/apps/{app}/packages/{id}/files/{fileName}", Access.ADMIN),
            Map.entry("GET /api/v1/sync", Access.VIEWER),
            Map.entry("POST /api/v1/sync/run", Access.ADMIN),
            Map.entry("POST /api/v1/sync/import", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/channels", Access.VIEWER),
            Map.entry("POST /api/v1/apps/{app}/channels", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/channels/{id}", Access.VIEWER),
            Map.entry("PUT /api/v1/apps/{app}/channels/{id}", Access.ADMIN),
            Map.entry("DELETE /api/v1/apps/{app}/channels/{id}", Access.ADMIN),
            Map.entry("PUT /api/v1/apps/{app}/channels/{id}/package", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/channels/{id}/floors", Access.VIEWER),
            Map.entry("POST /api/v1/apps/{app}/channels/{id}/floors", Access.ADMIN),
            Map.entry("DELETE /api/v1/apps/{app}/channels/{id}/floors/{packageId}", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/groups", Access.VIEWER),
            Map.entry("POST /api/v1/apps/{app}/groups", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/groups/{id}", Access.VIEWER),
            Map.entry("PUT /api/v1/apps/{app}/groups/{id}", Access.ADMIN),
            Map.entry("DELETE /api/v1/apps/{app}/groups/{id}", Access.ADMIN),
            Map.entry("POST /api/v1/apps/{app}/groups/{id}/pause", Access.ADMIN),
            Map.entry("POST /api/v1/apps/{app}/groups/{id}/resume", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/groups/{id}/instances", Access.VIEWER),
            Map.entry("GET /api/v1/apps/{app}/groups/{id}/stats", Access.VIEWER),
            Map.entry("GET /api/v1/apps/{app}/groups/{id}/timeline", Access.VIEWER),
            // It shows the path secret (and, later, download credentials).
            Map.entry("GET /api/v1/apps/{app}/groups/{id}/enrollment", Access.ADMIN),
            Map.entry("GET /api/v1/reboot-groups", Access.VIEWER),
            Map.entry("GET /api/v1/reboot-groups/{name}", Access.VIEWER),
            Map.entry("PUT /api/v1/reboot-groups/{name}", Access.ADMIN),
            Map.entry("DELETE /api/v1/reboot-groups/{name}", Access.ADMIN),
            Map.entry("DELETE /api/v1/reboot-groups/{name}/holders/{holderId}", Access.ADMIN),
            Map.entry("GET /api/v1/instances/{machineId}/reboot-locks", Access.VIEWER),
            Map.entry("GET /api/v1/instances", Access.VIEWER),
            Map.entry("GET /api/v1/instances/{machineId}", Access.VIEWER),
            Map.entry("PUT /api/v1/instances/{machineId}/alias", Access.ADMIN),
            Map.entry("DELETE /api/v1/instances/{machineId}", Access.ADMIN),
            Map.entry("DELETE /api/v1/instances/retired", Access.ADMIN),
            Map.entry("GET /api/v1/activity", Access.VIEWER),
            Map.entry("GET /api/v1/config", Access.VIEWER),
            Map.entry("POST /api/v1/config/plan", Access.ADMIN),
            Map.entry("POST /api/v1/config/apply", Access.ADMIN),
            Map.entry("GET /api/v1/audit", Access.ADMIN),
            Map.entry("GET /api/v1/users", Access.ADMIN),
            Map.entry("POST /api/v1/users", Access.ADMIN),
            Map.entry("PUT /api/v1/users/{username}", Access.ADMIN),
            Map.entry("DELETE /api/v1/users/{username}", Access.ADMIN),
            Map.entry("GET /api/v1/tokens", Access.ADMIN),
            Map.entry("POST /api/v1/tokens", Access.ADMIN),
            Map.entry("DELETE /api/v1/tokens/{id}", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/groups/{id}/missing-extensions", Access.VIEWER),
            Map.entry("GET /api/v1/apps/{app}/channels/{id}/missing-extensions", Access.VIEWER),
            Map.entry("GET /api/v1/apps/{app}/packages/{id}/missing-extensions", Access.VIEWER),
            Map.entry("GET /api/v1/apps/{app}/payload-access", Access.VIEWER),
            Map.entry("PUT /api/v1/apps/{app}/payload-access", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/payload-credentials", Access.VIEWER),
            Map.entry("POST /api/v1/apps/{app}/payload-credentials", Access.ADMIN),
            Map.entry("DELETE /api/v1/apps/{app}/payload-credentials/{id}", Access.ADMIN),
            // A webhook's URL may carry a token (Slack's do): admins only, reading too.
            Map.entry("GET /api/v1/apps/{app}/groups/{group}/gates", Access.VIEWER),
            Map.entry("GET /api/v1/apps/{app}/groups/{group}/gates/{id}", Access.VIEWER),
            Map.entry("POST /api/v1/apps/{app}/groups/{group}/gates", Access.ADMIN),
            Map.entry("PUT /api/v1/apps/{app}/groups/{group}/gates/{id}", Access.ADMIN),
            Map.entry("DELETE /api/v1/apps/{app}/groups/{group}/gates/{id}", Access.ADMIN),
            Map.entry("GET /api/v1/apps/{app}/groups/{group}/alerts", Access.VIEWER),
            Map.entry("PUT /api/v1/apps/{app}/groups/{group}/alerts", Access.ADMIN),
            Map.entry("POST /api/v1/apps/{app}/channels/{id}/rollback", Access.ADMIN),
            Map.entry("POST /api/v1/apps/{app}/packages/{id}/revoke-and-roll-back", Access.ADMIN),
            Map.entry("GET /api/v1/webhooks", Access.ADMIN),
            Map.entry("POST /api/v1/webhooks", Access.ADMIN),
            Map.entry("GET /api/v1/webhooks/event-types", Access.ADMIN),
            Map.entry("GET /api/v1/webhooks/{id}", Access.ADMIN),
            Map.entry("PUT /api/v1/webhooks/{id}", Access.ADMIN),
            Map.entry("DELETE /api/v1/webhooks/{id}", Access.ADMIN),
            Map.entry("POST /api/v1/webhooks/{id}/test", Access.ADMIN),
            Map.entry("GET /api/v1/webhooks/{id}/deliveries", Access.ADMIN));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    private final HttpClient http = HttpClient.newHttpClient();
    private String viewerBasic;
    private String viewerToken;
    private String adminToken;
    private String revokedToken;

    @BeforeEach
    void principals() {
        var viewer = ApiFixture.unique("viewer");
        client.ok("POST", "/api/v1/users", Map.of("username", viewer, "password", "viewer-password-1", "role", "viewer"));
        viewerBasic = basic(viewer, "viewer-password-1");
        viewerToken = "Bearer " + client.ok("POST", "/api/v1/tokens", Map.of("name", ApiFixture.unique("v"), "role", "viewer"))
                .get("secret").asString();
        adminToken = "Bearer " + client.ok("POST", "/api/v1/tokens", Map.of("name", ApiFixture.unique("a"), "role", "admin"))
                .get("secret").asString();
        var revoked = client.ok("POST", "/api/v1/tokens", Map.of("name", ApiFixture.unique("r"), "role", "admin"));
        client.ok("DELETE", "/api/v1/tokens/" + revoked.get("token").get("id").asString(), "");
        revokedToken = "Bearer " + revoked.get("secret").asString();
    }

    @Test
    void hasARuleForEveryApiEndpoint() {
        var missing = new TreeSet<>(registeredEndpoints());
        missing.removeAll(RULES.keySet());
        var stale = new TreeSet<>(RULES.keySet());
        stale.removeAll(registeredEndpoints());

        assertThat(missing).as("endpoints without an authorization rule").isEmpty();
        assertThat(stale).as("rules for endpoints that no longer exist").isEmpty();
    }

    @Test
    void enforcesTheRuleOfEveryEndpointForEveryKindOfCaller() throws Exception {
        var failures = new ArrayList<String>();
        // Read-only first, so that admin calls with empty bodies cannot disturb the others.
        var endpoints = new ArrayList<>(registeredEndpoints());
        endpoints.sort((a, b) -> Boolean.compare(!a.startsWith("GET"), !b.startsWith("GET")));
        for (var endpoint : endpoints) {
            var access = RULES.get(endpoint);
            check(failures, endpoint, "anonymous", null, Set.of(401));
            check(failures, endpoint, "revoked token", revokedToken, Set.of(401));
            check(failures, endpoint, "viewer", viewerBasic, access == Access.VIEWER ? allowed() : Set.of(403));
            check(failures, endpoint, "viewer token", viewerToken, access == Access.VIEWER ? allowed() : Set.of(403));
            check(failures, endpoint, "admin", basic(IntegrationTest.ADMIN, IntegrationTest.PASSWORD), allowed());
            check(failures, endpoint, "admin token", adminToken, allowed());
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void answersRefusalsAsProblems() throws Exception {
        var anonymous = send("GET", "/api/v1/apps", null);
        var forbidden = send("POST", "/api/v1/apps", viewerToken);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        // A challenge, but not one a browser prompts for: Basic is offered only to requests that tried it.
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer").doesNotContain("Basic"));
        assertThat(anonymous.body()).contains("\"status\":401");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("\"status\":403");
    }

    /** Allowed: the call got past authorization (any answer but 401/403, and never a 5xx). */
    private static Set<Integer> allowed() {
        return Set.of(200, 201, 204, 400, 404, 405, 409, 412);
    }

    private void check(List<String> failures, String endpoint, String who, String authorization, Set<Integer> expected)
            throws Exception {
        var parts = endpoint.split(" ", 2);
        var response = send(parts[0], fill(parts[1]), authorization);
        if (!expected.contains(response.statusCode())) {
            failures.add("%s as %s: %d (expected %s) %s".formatted(endpoint, who, response.statusCode(), expected,
                    response.body()));
        }
    }

    private java.net.http.HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return http.send(builder.build(), BodyHandlers.ofString());
    }

    private Set<String> registeredEndpoints() {
        var endpoints = new TreeSet<String>();
        handlerMapping.getHandlerMethods().forEach((info, method) -> {
            for (var pattern : info.getPatternValues()) {
                // The Alertmanager receiver takes its own credential, not a user's or a token's role:
                // HealthGatesIntegrationTests checks it.
                if (!pattern.startsWith("/api/") || pattern.equals("/api/v1/alertmanager")) {
                    continue;
                }
                for (var verb : info.getMethodsCondition().getMethods()) {
                    endpoints.add(verb.name() + " " + pattern);
                }
            }
        });
        return endpoints;
    }

    private static String fill(String pattern) {
        return pattern.replace("{app}", UUID.randomUUID().toString())
                .replace("{id}", UUID.randomUUID().toString())
                .replace("{packageId}", UUID.randomUUID().toString())
                .replace("{machineId}", "no-such-machine")
                .replace("{username}", "no-such-user")
                .replace("{fileName}", "update.gz")
                .replace("{name}", "no-such-reboot-group")
                .replace("{holderId}", "no-such-holder")
                .replace("{group}", UUID.randomUUID().toString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
