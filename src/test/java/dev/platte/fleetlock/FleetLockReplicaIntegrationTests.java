package dev.platte.fleetlock;

import static dev.platte.fleetlock.FleetLockIntegrationTests.assertError;
import static dev.platte.fleetlock.FleetLockIntegrationTests.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.Replicas;
import dev.platte.support.ServerTest;
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
        replica = Replicas.start("--platte.omaha.path-secret=" + SECRET);
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
        return URI.create("http://localhost:" + Replicas.port(replica) + path);
    }
}
