package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.IntegrationTest;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import dev.platte.support.Replicas;
import dev.platte.support.LockWaits;
import dev.platte.support.ServerTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reports (events, pings) sent at once by many nodes are written together (one transaction, one statement
 * to lock and one to write), through the real server and PostgreSQL: each is acknowledged only once written,
 * none is written twice, and one that cannot be written costs only itself.
 */
class GroupCommitIntegrationTests extends ServerTest {

    private static final int NODES = 12;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DataSource dataSource;

    @Test
    void eventsSentAtOnceAreAllWrittenOnceAndAcknowledgedAfterTheirWrite() {
        var release = fixture.release("3815.2.0");
        var nodes = grantedNodes(release, NODES);
        var reportsBefore = reportsWrittenTogether();
        var batchesBefore = batchesWritten();

        var answers = atOnce(nodes.stream().map(node -> (Supplier<HttpResponse<String>>)
                () -> client.omaha(node.event("3760.2.0", 13, 1))).toList());

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("<event status=\"ok\">");
        });
        for (var node : nodes) {
            assertThat(currentStatus(node.machineId())).isEqualTo("downloading");
            assertThat(eventCount(node.machineId(), 13)).isEqualTo(1);
            assertThat(historyCount(node.machineId(), "downloading")).isEqualTo(1);
        }
        assertThat(reportsWrittenTogether() - reportsBefore).isEqualTo(NODES);
        assertThat(batchesWritten() - batchesBefore).as("batches, for %d reports", NODES).isLessThan(NODES);
        assertThat(jdbc.queryForObject("""
                SELECT coalesce(sum(changes), 0) FROM group_status_bucket WHERE group_id = ?::uuid AND status = 'downloading'""",
                Long.class, release.groupId())).isEqualTo(NODES);
    }

    @Test
    void aMachineReportingTwiceAtOnceHasBothReportsWritten() {
        var release = fixture.release("3815.2.0");
        var nodes = grantedNodes(release, 4);
        var twice = nodes.getFirst();
        var requests = new ArrayList<Supplier<HttpResponse<String>>>();
        requests.add(() -> client.omaha(twice.event("3760.2.0", 13, 1, "first")));
        requests.add(() -> client.omaha(twice.event("3760.2.0", 13, 1, "second")));
        nodes.stream().skip(1).forEach(node -> requests.add(() -> client.omaha(node.event("3760.2.0", 13, 1))));

        var answers = atOnce(requests);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.body()).contains("<event status=\"ok\">"));
        assertThat(jdbc.queryForList("SELECT previous_version FROM instance_event WHERE machine_id = ? ORDER BY id",
                String.class, twice.machineId())).containsExactlyInAnyOrder("first", "second");
        assertThat(historyCount(twice.machineId(), "downloading")).isEqualTo(1);
    }

    @Test
    void aReportThatCannotBeWrittenFailsAloneAndTheOthersAreWrittenOnce() {
        var release = fixture.release("3815.2.0");
        var nodes = grantedNodes(release, 6);
        var poisoned = OmahaRequests.flatcarNode("{" + release.appId() + "}", "poison" + ApiFixture.machineId(),
                release.track());
        client.check(poisoned.check("3760.2.0", ""));
        jdbc.execute("""
                CREATE FUNCTION refuse_poisoned_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.machine_id LIKE 'poison%' THEN
                        RAISE EXCEPTION 'this test refuses events of poisoned machines';
                    END IF;
                    RETURN NEW;
                END $$""");
        jdbc.execute("""
                CREATE TRIGGER refuse_poisoned_event BEFORE INSERT ON instance_event
                    FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_event()""");
        var failuresBefore = failedBatches();
        try {
            var requests = new ArrayList<Supplier<HttpResponse<String>>>();
            requests.add(() -> client.omaha(poisoned.event("3760.2.0", 13, 1)));
            nodes.forEach(node -> requests.add(() -> client.omaha(node.event("3760.2.0", 13, 1))));

            var answers = atOnce(requests);

            assertThat(failedBatches() - failuresBefore).as("batches that failed").isPositive();
            assertThat(answers.getFirst().body()).doesNotContain("<event status=\"ok\">");
            assertThat(currentStatus(poisoned.machineId())).isEqualTo("granted");
            assertThat(answers.subList(1, answers.size()))
                    .allSatisfy(answer -> assertThat(answer.body()).contains("<event status=\"ok\">"));
            for (var node : nodes) {
                assertThat(currentStatus(node.machineId())).isEqualTo("downloading");
                assertThat(eventCount(node.machineId(), 13)).isEqualTo(1);
                assertThat(historyCount(node.machineId(), "downloading")).isEqualTo(1);
            }
        } finally {
            jdbc.execute("DROP TRIGGER refuse_poisoned_event ON instance_event");
            jdbc.execute("DROP FUNCTION refuse_poisoned_event()");
        }
    }

    @Test
    void twoReplicasWritingTheSameMachinesAtOnceNeitherDeadlockNorLoseAReport() throws Exception {
        var release = fixture.release("3815.2.0");
        var nodes = grantedNodes(release, NODES);
        try (var replica = Replicas.start(); var holder = dataSource.getConnection()) {
            var other = new PlatteClient(Replicas.port(replica), IntegrationTest.ADMIN, IntegrationTest.PASSWORD);
            var otherMeters = replica.getBean(MeterRegistry.class);
            var failuresBefore = failedBatches();
            var requests = new ArrayList<Supplier<HttpResponse<String>>>();
            nodes.forEach(node -> requests.add(() -> client.omaha(node.event("3760.2.0", 13, 1, "here"))));
            nodes.reversed().forEach(node -> requests.add(() -> other.omaha(node.event("3760.2.0", 13, 1, "there"))));
            // Each replica gets the nodes in the opposite order, and one machine is held until both wait, so
            // that the replicas' batches contend for the same rows (the order they take them in is proven by
            // NodeWritesIntegrationTests, where the callers choose it).
            holder.setAutoCommit(false);
            try (var hold = holder.prepareStatement("SELECT 1 FROM instance WHERE machine_id = ? FOR UPDATE")) {
                hold.setString(1, nodes.get(NODES / 2).machineId());
                hold.executeQuery().close();
            }
            var sent = CompletableFuture.supplyAsync(() -> atOnce(requests));
            LockWaits.awaitBackendsWaitingForLocks(jdbc, 2);
            holder.commit();

            var answers = sent.join();

            assertThat(answers).allSatisfy(answer -> assertThat(answer.body()).contains("<event status=\"ok\">"));
            for (var node : nodes) {
                assertThat(jdbc.queryForList("SELECT previous_version FROM instance_event WHERE machine_id = ?",
                        String.class, node.machineId())).containsExactlyInAnyOrder("here", "there");
            }
            assertThat(failedBatches() - failuresBefore).as("batches that failed here").isZero();
            assertThat(otherMeters.get("platte.omaha.group.commit.failures").counter().count())
                    .as("batches that failed on the other replica").isZero();
        }
    }

    /** Nodes of the release's group, each granted the release by its first check. */
    private List<OmahaRequests> grantedNodes(ApiFixture.Release release, int count) {
        var nodes = new ArrayList<OmahaRequests>();
        for (int i = 0; i < count; i++) {
            var node = OmahaRequests.flatcarNode("{" + release.appId() + "}", ApiFixture.machineId(), release.track());
            assertThat(client.check(node.check("3760.2.0", "")).value("/response/app/updatecheck/@status"))
                    .isEqualTo("ok");
            nodes.add(node);
        }
        return nodes;
    }

    /** The requests sent together, each from its own thread, released at the same moment; their answers in order. */
    private static List<HttpResponse<String>> atOnce(List<Supplier<HttpResponse<String>>> requests) {
        var start = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = requests.stream().map(request -> CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return request.get();
            }, threads)).toList();
            start.countDown();
            return answers.stream().map(CompletableFuture::join).toList();
        }
    }

    private String currentStatus(String machineId) {
        return jdbc.queryForObject("SELECT status FROM instance_app_state WHERE machine_id = ?", String.class, machineId);
    }

    private int eventCount(String machineId, int type) {
        return jdbc.queryForObject("SELECT count(*) FROM instance_event WHERE machine_id = ? AND event_type = ?",
                Integer.class, machineId, type);
    }

    private int historyCount(String machineId, String status) {
        return jdbc.queryForObject("SELECT count(*) FROM instance_status_history WHERE machine_id = ? AND status = ?",
                Integer.class, machineId, status);
    }

    private long batchesWritten() {
        var summary = meters.find("platte.omaha.group.commit.reports").summary();
        return summary == null ? 0 : summary.count();
    }

    private double failedBatches() {
        var counter = meters.find("platte.omaha.group.commit.failures").counter();
        return counter == null ? 0 : counter.count();
    }

    private double reportsWrittenTogether() {
        var summary = meters.find("platte.omaha.group.commit.reports").summary();
        return summary == null ? 0 : summary.totalAmount();
    }
}
