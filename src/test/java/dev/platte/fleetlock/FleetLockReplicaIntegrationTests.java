package dev.platte.fleetlock;

import static dev.platte.fleetlock.FleetLockIntegrationTests.assertError;
import static dev.platte.fleetlock.FleetLockIntegrationTests.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.PlatteApplication;
import dev.platte.support.IntegrationTest;
import dev.platte.support.ServerTest;
import dev.platte.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two real replicas on one database race for reboot slots: the database alone decides. The second replica
 * also has a path secret, so it serves FleetLock under {@code /fleetlock/<secret>/} only.
 */
class FleetLockReplicaIntegrationTests extends ServerTest {

    private static final String SECRET = "fleet-s3cret";
    private final HttpClient http = HttpClient.newHttpClient();
    private static ConfigurableApplicationContext replica;

    @BeforeAll
    static void startReplica() {
        var db = TestDatabase.connection();
        replica = new SpringApplicationBuilder(PlatteApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--platte.admin.password=" + IntegrationTest.PASSWORD,
                "--platte.omaha.path-secret=" + SECRET,
                "--platte.rollout.timeout-check-interval=1h",
                "--platte.retention.enabled=false",
                "--platte.fleetlock.sweep-interval=1h",
                "--spring.datasource.hikari.connection-timeout=" + IntegrationTest.POOL_WAIT_MILLIS);
    }

    @AfterAll
    static void stopReplica() {
        replica.close();
    }

    @Test
    void grantsOneSlotToExactlyOneOfManyNodesRacingThroughTwoReplicas() throws Exception {
        var group = "race-" + UUID.randomUUID().toString().substring(0, 8);
        var nodes = 40;
        var start = new CountDownLatch(1);
        var answers = new ArrayList<Future<HttpResponse<String>>>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var i = 0; i < nodes; i++) {
                var uri = i % 2 == 0 ? primary("/fleetlock/v1/pre-reboot") : secondary("/fleetlock/" + SECRET + "/v1/pre-reboot");
                var id = "node-" + i;
                answers.add(executor.submit(() -> {
                    start.await();
                    return FleetLockIntegrationTests.send(http, uri, "true", body(id, group));
                }));
            }
            start.countDown();
            var granted = 0;
            for (var answer : answers) {
                var response = answer.get();
                if (response.statusCode() == 200) {
                    granted++;
                } else {
                    assertError(response, 409, "failed_lock_semaphore_full");
                }
            }
            assertThat(granted).isEqualTo(1);
        }
        assertThat(client.getJson("/api/v1/reboot-groups/" + group).get("holders").size()).isEqualTo(1);
    }

    @Test
    void servesFleetLockOnlyUnderThePathSecretWhenOneIsSet() {
        var group = "secret-" + UUID.randomUUID().toString().substring(0, 8);

        assertError(FleetLockIntegrationTests.send(http, secondary("/fleetlock/v1/pre-reboot"), "true", body("n", group)),
                404, "not_found");
        assertError(FleetLockIntegrationTests.send(http, secondary("/fleetlock/guess/v1/pre-reboot"), "true",
                body("n", group)), 404, "not_found");
        assertThat(FleetLockIntegrationTests.send(http, secondary("/fleetlock/" + SECRET + "/v1/pre-reboot"), "true",
                body("n", group)).statusCode()).isEqualTo(200);
        assertThat(FleetLockIntegrationTests.send(http, secondary("/fleetlock/" + SECRET + "/v1/steady-state"), "true",
                body("n", group)).statusCode()).isEqualTo(200);
    }

    private URI primary(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private URI secondary(String path) {
        return URI.create("http://localhost:" + replica.getEnvironment().getRequiredProperty("local.server.port") + path);
    }
}
