package dev.platte.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.LockWaits;
import dev.platte.support.ServerTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The write path's statements for several nodes at once, against real PostgreSQL. */
class NodeWritesIntegrationTests extends ServerTest {

    @Autowired
    FleetService fleet;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void registersSeveralMachinesAtOnceAndReturnsTheirStatesInTheOrderGiven() {
        var release = fixture.release("3815.2.0");
        var registrations = registrations(release, 5).reversed();

        var states = new TransactionTemplate(transactionManager).execute(tx -> fleet.checkIn(registrations));

        assertThat(states).extracting(node -> node.state().machineId())
                .containsExactlyElementsOf(registrations.stream().map(Registration::machineId).toList());
        assertThat(states).allSatisfy(node -> assertThat(node.state().status()).isEqualTo(InstanceStatus.UNDEFINED));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM instance_app_state WHERE machine_id = ANY (?)",
                Integer.class, (Object) registrations.stream().map(Registration::machineId).toArray(String[]::new)))
                .isEqualTo(5);
    }

    @Test
    void twoWritersGivenTheSameMachinesInOppositeOrdersLockThemInOneOrderAndNeitherDeadlocks() throws Exception {
        var release = fixture.release("3815.2.0");
        var ascending = registrations(release, 8).stream()
                .sorted(Comparator.comparing(Registration::machineId)).toList();
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> fleet.checkIn(ascending));
        var transactions = new TransactionTemplate(transactionManager);

        try (var holder = dataSource.getConnection(); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // One machine in the middle is held, so that each writer locks what comes before it in its order
            // and waits: writers locking in the order given would then each hold what the other waits for.
            holder.setAutoCommit(false);
            try (var hold = holder.prepareStatement("SELECT 1 FROM instance WHERE machine_id = ? FOR UPDATE")) {
                hold.setString(1, ascending.get(4).machineId());
                hold.executeQuery().close();
            }
            var writers = List.of(ascending, ascending.reversed()).stream()
                    .map(order -> CompletableFuture.runAsync(() -> transactions.executeWithoutResult(
                            tx -> fleet.checkIn(order.stream().map(NodeWritesIntegrationTests::later).toList())), threads))
                    .toList();
            LockWaits.awaitBackendsWaitingForLocks(jdbc, 2);
            holder.commit();

            writers.forEach(CompletableFuture::join);
        }
    }

    private List<Registration> registrations(ApiFixture.Release release, int count) {
        var registrations = new ArrayList<Registration>();
        for (int i = 0; i < count; i++) {
            registrations.add(new Registration(ApiFixture.machineId(),
                    UUID.fromString(release.appId()), UUID.fromString(release.groupId()), "3760.2.0", "10.0.0." + i,
                    null, "ami", null, null, null, false, Instant.now()));
        }
        return registrations;
    }

    /** The same machine's next report, from a new address: its machine row is written, not only locked. */
    private static Registration later(Registration r) {
        return new Registration(r.machineId(), r.applicationId(), r.groupId(), r.version(), r.ip() + "0", r.alias(),
                r.oem(), r.oemVersion(), r.alephVersion(), r.bootId(), r.updateCheck(), Instant.now());
    }
}
