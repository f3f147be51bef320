package dev.platte.rollout;

import static dev.platte.support.Requests.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.PlatteApplication;
import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import dev.platte.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hundreds of update checks at once, from distinct machines, must never grant more than the policy
 * allows: within one server and across two servers sharing one database.
 */
class GrantConcurrencyIntegrationTests extends ServerTest {

    private static final int MACHINES = 500;
    private static ConfigurableApplicationContext secondReplica;

    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void stopSecondReplica() {
        if (secondReplica != null) {
            secondReplica.close();
        }
    }

    @Test
    void grantsExactlyTheMaximumPerPeriodUnderConcurrentChecks() throws Exception {
        var release = fixture.release("2.0.0", policy().maxUpdates(7, Duration.ofHours(1)));

        var granted = stampede(release, List.of(port));

        assertThat(granted).isEqualTo(7);
        assertThat(grantsRecorded(release)).isEqualTo(7);
    }

    @Test
    void grantsExactlyTheMaximumConcurrentUpdatesUnderConcurrentChecks() throws Exception {
        var release = fixture.release("2.0.0", policy().maxConcurrentUpdates(5));

        var granted = stampede(release, List.of(port));

        assertThat(granted).isEqualTo(5);
        assertThat(grantsRecorded(release)).isEqualTo(5);
    }

    @Test
    void grantsExactlyOneCanaryInSafeModeUnderConcurrentChecks() throws Exception {
        var release = fixture.release("2.0.0", policy().safeMode());

        var granted = stampede(release, List.of(port));

        assertThat(granted).isEqualTo(1);
        assertThat(grantsRecorded(release)).isEqualTo(1);
    }

    @Test
    void grantsExactlyOneCanaryWhenThePromotionStartedTheRolloutBeforeAnyCheck() throws Exception {
        var release = fixture.release("2.0.0", policy().safeMode());
        var newer = fixture.pkg(release.appId(), "2.1.0");
        client.ok("PUT", "/api/v1/apps/" + release.appId() + "/channels/" + release.channelId() + "/package",
                Map.of("packageId", newer));

        // Every check first reads a rollout row without a canary; under the lock it must see the canary granted meanwhile.
        var granted = stampede(release, List.of(port));

        assertThat(granted).isEqualTo(1);
        assertThat(grantsRecorded(release)).isEqualTo(1);
    }

    @Test
    void holdsTheLimitsAcrossTwoReplicasSharingOneDatabase() throws Exception {
        var replicaPort = startSecondReplica();
        var perPeriod = fixture.release("2.0.0", policy().maxUpdates(9, Duration.ofHours(1)));
        var concurrent = fixture.release("2.0.0", policy().maxConcurrentUpdates(4));
        var safeMode = fixture.release("2.0.0", policy().safeMode());

        assertThat(stampede(perPeriod, List.of(port, replicaPort))).isEqualTo(9);
        assertThat(stampede(concurrent, List.of(port, replicaPort))).isEqualTo(4);
        assertThat(stampede(safeMode, List.of(port, replicaPort))).isEqualTo(1);
        assertThat(grantsRecorded(perPeriod)).isEqualTo(9);
    }

    /** Sends one update check from each of {@value #MACHINES} new machines at once; returns how many got an update. */
    private int stampede(ApiFixture.Release release, List<Integer> ports) throws Exception {
        var http = HttpClient.newHttpClient();
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(100)) {
            var answers = new ArrayList<Future<String>>();
            for (int i = 0; i < MACHINES; i++) {
                var target = ports.get(i % ports.size());
                var body = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track())
                        .check("1.0.0", "");
                answers.add(pool.submit(() -> {
                    start.await();
                    var request = HttpRequest.newBuilder(URI.create("http://localhost:" + target + "/v1/update/"))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    var response = http.send(request, BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    return response.body();
                }));
            }
            start.countDown();
            int granted = 0;
            for (var answer : answers) {
                var body = answer.get();
                if (body.contains("<updatecheck status=\"ok\"")) {
                    granted++;
                } else {
                    assertThat(body).contains("<updatecheck status=\"noupdate\"");
                }
            }
            return granted;
        }
    }

    private int grantsRecorded(ApiFixture.Release release) {
        return jdbc.queryForObject(
                "select count(*) from instance_status_history where group_id = ?::uuid and status = 'granted'",
                Integer.class, release.groupId());
    }

    private static synchronized int startSecondReplica() {
        if (secondReplica == null) {
            var db = TestDatabase.connection();
            secondReplica = new SpringApplicationBuilder(PlatteApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + db.url(),
                    "--spring.datasource.username=" + db.username(),
                    "--spring.datasource.password=" + db.password(),
                    "--platte.admin.password=" + IntegrationTest.PASSWORD,
                    "--platte.rollout.timeout-check-interval=1h",
                    // The stampede registers hundreds of new machines from loopback, as the test context allows.
                    "--platte.omaha.registration-limit.exempt=127.0.0.1,::1",
                    "--spring.datasource.hikari.connection-timeout=" + IntegrationTest.POOL_WAIT_MILLIS);
        }
        return secondReplica.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
