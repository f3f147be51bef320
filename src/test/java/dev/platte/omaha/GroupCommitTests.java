package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.platte.omaha.protocol.AppRequest;
import dev.platte.omaha.protocol.OmahaRequest;
import dev.platte.database.DatabaseAvailability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLNonTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;

/** How {@link GroupCommit} gathers reports into batches and answers them, with the writes stubbed. */
class GroupCommitTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** Records what is written together and what alone; refuses batches holding a poisoned machine. */
    static final class StubPath extends FullPath {

        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<String> alone = new CopyOnWriteArrayList<>();

        StubPath() {
            super(null, null, null, null, null, null, null);
        }

        @Override
        void reportTogether(List<Report> reports) {
            var machines = reports.stream().map(Report::machineId).toList();
            if (machines.stream().anyMatch(id -> id.startsWith("poison"))) {
                throw new IllegalStateException("refused");
            }
            if (machines.stream().anyMatch(id -> id.startsWith("unreachable"))) {
                throw new CannotCreateTransactionException("no connection",
                        new SQLNonTransientConnectionException("Connection refused", "08001"));
            }
            batches.add(machines);
        }

        @Override
        AppOutcome answer(OmahaRequest request, AppRequest app, String clientIp, Instant now) {
            if (app.machineId().startsWith("poison")) {
                throw new IllegalStateException("refused alone");
            }
            alone.add(app.machineId());
            return new AppOutcome.Acknowledged();
        }
    }

    /**
     * Machines named "new…" are unknown; an address may register {@code tokens} of them. Counts the lookups
     * of batches and of reports admitted alone.
     */
    static final class StubAdmission extends NewMachineAdmission {

        final AtomicInteger tokens;
        final AtomicInteger batchLookups = new AtomicInteger();
        final AtomicInteger aloneLookups = new AtomicInteger();

        StubAdmission(int tokens) {
            super(null, null);
            this.tokens = new AtomicInteger(tokens);
        }

        @Override
        void admit(String clientIp, Collection<String> machineIds) {
            aloneLookups.incrementAndGet();
            if (!machineIds.stream().allMatch(this::take)) {
                throw new RegistrationRefusedException(Duration.ofSeconds(7));
            }
        }

        @Override
        Map<FullPath.Report, Duration> refusals(Collection<FullPath.Report> reports) {
            if (reports.isEmpty()) {
                return Map.of();
            }
            batchLookups.incrementAndGet();
            var refused = new IdentityHashMap<FullPath.Report, Duration>();
            reports.stream().filter(report -> !take(report.machineId()))
                    .forEach(report -> refused.put(report, Duration.ofSeconds(7)));
            return refused;
        }

        private boolean take(String machineId) {
            return !machineId.startsWith("new") || tokens.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
        }
    }

    private final StubPath path = new StubPath();
    private final StubAdmission admission = new StubAdmission(100);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // Only classifies failures here: a bad report's says nothing about reaching the database.
    private final DatabaseAvailability database = new DatabaseAvailability(null, null, Clock.systemUTC());

    @Test
    void reportsArrivingWhileTheFirstWaitsAreWrittenTogetherUpToTheMaximumSize() {
        var commit = new GroupCommit(path, admission, new GroupCommitProperties(Duration.ofSeconds(1), 5), database, meters);

        var outcomes = atOnce(commit, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(AppOutcome.Acknowledged.class));
        assertThat(path.batches).hasSize(2).allSatisfy(batch -> assertThat(batch).hasSize(5));
        assertThat(path.batches.stream().flatMap(List::stream)).containsExactlyInAnyOrder(
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        assertThat(path.alone).isEmpty();
        assertThat(meters.get("platte.omaha.group.commit.reports").summary().totalAmount()).isEqualTo(10);
    }

    @Test
    void aLoneReportIsWrittenOnceTheWaitIsOver() {
        var commit = new GroupCommit(path, admission, new GroupCommitProperties(Duration.ofMillis(5), 16), database, meters);

        assertThat(commit.answer(request(), app("solo"), "10.0.0.1", NOW, true)).isInstanceOf(AppOutcome.Acknowledged.class);

        assertThat(path.batches).containsExactly(List.of("solo"));
    }

    @Test
    void aSecondReportOfAMachineInTheGatheringBatchIsWrittenAlone() {
        var commit = new GroupCommit(path, admission, new GroupCommitProperties(Duration.ofMillis(500), 4), database, meters);

        var outcomes = atOnce(commit, List.of("a", "a", "b", "c"));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(AppOutcome.Acknowledged.class));
        assertThat(path.batches).singleElement().satisfies(batch -> assertThat(batch).containsExactlyInAnyOrder("a", "b", "c"));
        assertThat(path.alone).containsExactly("a");
    }

    @Test
    void whenABatchFailsEachReportIsWrittenAloneAndOnlyTheBadOneFails() {
        var commit = new GroupCommit(path, admission, new GroupCommitProperties(Duration.ofSeconds(1), 4), database, meters);

        var outcomes = atOnce(commit, List.of("a", "poison", "b", "c"));

        assertThat(path.batches).isEmpty();
        assertThat(path.alone).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(outcomes).filteredOn(outcome -> outcome instanceof AppOutcome.Acknowledged).hasSize(3);
        assertThat(outcomes).filteredOn(outcome -> outcome instanceof IllegalStateException).hasSize(1);
        assertThat(meters.get("platte.omaha.group.commit.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void whenTheDatabaseIsUnreachableEveryReportOfTheBatchFailsAtOnceWithoutTryingAlone() {
        var commit = new GroupCommit(path, admission, new GroupCommitProperties(Duration.ofSeconds(1), 3), database, meters);

        var outcomes = atOnce(commit, List.of("a", "unreachable", "b"));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(CannotCreateTransactionException.class));
        assertThat(path.alone).isEmpty();
        assertThat(database.isAvailable()).isFalse();
    }

    @Test
    void withAMaximumSizeOfOneEveryReportIsWrittenAtOnceAlone() {
        var commit = new GroupCommit(path, admission, new GroupCommitProperties(Duration.ofSeconds(1), 1), database, meters);

        var started = System.nanoTime();
        atOnce(commit, List.of("a", "b", "c"));

        assertThat(path.batches).containsExactlyInAnyOrder(List.of("a"), List.of("b"), List.of("c"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void reportsNotYetAdmittedAreAdmittedTogetherAndARefusedOneIsNeitherWrittenNorAcknowledged() {
        var admission = new StubAdmission(2);
        var commit = new GroupCommit(path, admission, new GroupCommitProperties(Duration.ofSeconds(1), 5), database, meters);

        var outcomes = atOnce(commit, List.of("new1", "new2", "new3", "new4", "known"), false);

        assertThat(admission.batchLookups).hasValue(1);
        assertThat(admission.aloneLookups).hasValue(0);
        assertThat(outcomes).filteredOn(outcome -> outcome instanceof AppOutcome.Acknowledged).hasSize(3);
        assertThat(outcomes).filteredOn(outcome -> outcome instanceof RegistrationRefusedException).hasSize(2)
                .allSatisfy(refusal -> assertThat(((RegistrationRefusedException) refusal).retryAfterSeconds()).isEqualTo(7));
        assertThat(path.batches).singleElement().satisfies(batch -> assertThat(batch).hasSize(3).contains("known"));
        assertThat(path.alone).isEmpty();
    }

    @Test
    void aReportAdmittedInABatchThatFailedIsWrittenAloneWithoutTakingAnotherToken() {
        var admission = new StubAdmission(1);
        var commit = new GroupCommit(path, admission, new GroupCommitProperties(Duration.ofSeconds(1), 2), database, meters);

        var outcomes = atOnce(commit, List.of("new1", "poison"), false);

        assertThat(path.batches).isEmpty();
        assertThat(path.alone).containsExactly("new1");
        assertThat(outcomes).filteredOn(outcome -> outcome instanceof AppOutcome.Acknowledged).hasSize(1);
        assertThat(admission.aloneLookups).hasValue(0);
        assertThat(admission.tokens).hasValue(0);
    }

    @Test
    void aReportWrittenAloneBecauseItsMachineIsInTheBatchIsAdmittedAlone() {
        var admission = new StubAdmission(1);
        var commit = new GroupCommit(path, admission, new GroupCommitProperties(Duration.ofMillis(500), 3), database, meters);

        var outcomes = atOnce(commit, List.of("new1", "new1", "b"), false);

        assertThat(admission.aloneLookups).hasValue(1);
        assertThat(admission.batchLookups).hasValue(1);
        // Whichever of the two came second took the address's last token or was refused.
        assertThat(outcomes).filteredOn(outcome -> outcome instanceof RegistrationRefusedException).hasSize(1);
        assertThat(Stream.concat(path.batches.stream().flatMap(List::stream), path.alone.stream()))
                .containsExactlyInAnyOrder("new1", "b");
    }

    @Test
    void refusesSettingsThatWouldNeverWriteOrHoldReportsTooLong() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GroupCommitProperties(Duration.ofMillis(20), 0))
                .withMessageContaining("max-size");
        assertThatIllegalArgumentException().isThrownBy(() -> new GroupCommitProperties(Duration.ofSeconds(2), 16))
                .withMessageContaining("max-wait");
        assertThatIllegalArgumentException().isThrownBy(() -> new GroupCommitProperties(Duration.ofMillis(-1), 16))
                .withMessageContaining("max-wait");
    }

    /** Each machine's report, already admitted, from its own thread at once: its outcome, or what it threw. */
    private static List<Object> atOnce(GroupCommit commit, List<String> machines) {
        return atOnce(commit, machines, true);
    }

    private static List<Object> atOnce(GroupCommit commit, List<String> machines, boolean admitted) {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<CompletableFuture<Object>>();
            for (var machine : machines) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return commit.answer(request(), app(machine), "10.0.0.1", NOW, admitted);
                    } catch (RuntimeException e) {
                        return e;
                    }
                }, threads));
            }
            return futures.stream().map(CompletableFuture::join).toList();
        }
    }

    private static OmahaRequest request() {
        return new OmahaRequest("3.0", "update_engine-0.4.10", "update_engine-0.4.10", "scheduler", null, List.of());
    }

    private static AppRequest app(String machineId) {
        return new AppRequest("{e96281a6-d1af-4bde-9a0a-97b76e56dc57}", "3760.2.0", "stable", null, machineId, null,
                null, null, null, "amd64-usr", false, false, false, List.of());
    }
}
