package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.platte.support.ApiFixture;
import dev.platte.support.LockWaits;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The quick path's reads against real PostgreSQL: checks arriving while every reader is busy are read
 * together, each still gets its own node's rows, and a failed statement fails each of its checks.
 */
class QuickLookIntegrationTests extends ServerTest {

    @Autowired
    QuickLook quickLook;

    @Autowired
    QuickLookProperties properties;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Test
    void readsChecksQueuedBehindBusyReadersTogetherAndGivesEachItsOwnNode() throws Exception {
        var release = fixture.release("2.0.0");
        var application = UUID.fromString(release.appId());
        var group = UUID.fromString(release.groupId());
        var machines = new ArrayList<String>();
        for (var i = 0; i < 40; i++) {
            var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
            client.check(node.check("2.0.0", ""));
            machines.add(node.machineId());
        }
        // Each node's alias is its machine id, so that a row read for the wrong check shows.
        jdbc.update("UPDATE instance SET alias = machine_id WHERE machine_id = ANY (?)",
                (Object) machines.toArray(String[]::new));
        var unknown = List.of(ApiFixture.machineId(), ApiFixture.machineId());
        var statements = summary().count();
        var checksRead = summary().totalAmount();

        List<Future<Optional<QuickLook.Row>>> busy = new ArrayList<>();
        List<Future<Optional<QuickLook.Row>>> queued = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor(); var holder = dataSource.getConnection()) {
            // Every read also reads catalog_revision: while this lock is held, the readers' statements wait.
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE catalog_revision IN ACCESS EXCLUSIVE MODE");
            for (var i = 0; i < properties.readers(); i++) {
                var machine = machines.get(i);
                busy.add(executor.submit(() -> quickLook.read(machine, application, group)));
            }
            LockWaits.awaitBackendsWaitingForLocks(jdbc, properties.readers());
            for (var machine : machines.subList(properties.readers(), machines.size())) {
                queued.add(executor.submit(() -> quickLook.read(machine, application, group)));
            }
            for (var machine : unknown) {
                queued.add(executor.submit(() -> quickLook.read(machine, application, group)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> quickLook.queuedCount() == queued.size());
            assertThat(summary().count() - statements).as("statements started while every reader waits")
                    .isEqualTo(properties.readers());
            holder.rollback();

            for (var i = 0; i < machines.size(); i++) {
                var answer = (i < busy.size() ? busy.get(i) : queued.get(i - busy.size())).get(10, TimeUnit.SECONDS);
                assertThat(answer).as("row of %s", machines.get(i)).isPresent();
                assertThat(answer.orElseThrow().known().alias()).isEqualTo(machines.get(i));
            }
            for (var i = 0; i < unknown.size(); i++) {
                assertThat(queued.get(queued.size() - unknown.size() + i).get(10, TimeUnit.SECONDS))
                        .as("an unregistered machine").isEmpty();
            }
        }
        var queuedChecks = machines.size() - properties.readers() + unknown.size();
        var newStatements = summary().count() - statements;
        assertThat(summary().totalAmount() - checksRead).isEqualTo(machines.size() + unknown.size());
        assertThat(newStatements).as("the %d queued checks read together", queuedChecks)
                .isLessThanOrEqualTo(properties.readers() + (queuedChecks + properties.maxBatch() - 1) / properties.maxBatch());
    }

    @Test
    void failsEveryCheckOfAFailedStatementAndKeepsServingAfterIt() throws Exception {
        var release = fixture.release("2.0.0");
        var application = UUID.fromString(release.appId());
        var node = OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
        client.check(node.check("2.0.0", ""));

        List<Future<Optional<QuickLook.Row>>> reads = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor(); var holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE catalog_revision IN ACCESS EXCLUSIVE MODE");
            for (var i = 0; i < properties.readers(); i++) {
                reads.add(executor.submit(() -> quickLook.read(node.machineId(), application, null)));
            }
            LockWaits.awaitBackendsWaitingForLocks(jdbc, properties.readers());
            // PostgreSQL refuses a NUL in text, so this statement fails. (OmahaService never reads a machine
            // id its pattern refuses; a failed statement is the database failing.)
            var refused = "bad\u0000machine";
            var failing = List.of(
                    executor.submit(() -> quickLook.read(refused, application, null)),
                    executor.submit(() -> quickLook.read(node.machineId(), application, null)));
            await().atMost(Duration.ofSeconds(10)).until(() -> quickLook.queuedCount() == failing.size());
            holder.rollback();

            for (var read : reads) {
                assertThat(read.get(10, TimeUnit.SECONDS)).isPresent();
            }
            for (var read : failing) {
                assertThat(read).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
            }
        }
        assertThat(quickLook.read(node.machineId(), application, null)).as("served after the failure").isPresent();
    }

    private DistributionSummary summary() {
        return meters.get("platte.omaha.quick.look.checks").summary();
    }
}
