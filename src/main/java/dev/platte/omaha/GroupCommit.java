package dev.platte.omaha;

import dev.platte.database.DatabaseAvailability;
import dev.platte.omaha.protocol.AppRequest;
import dev.platte.omaha.protocol.OmahaRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the reports of concurrent requests together: most of a report's cost in PostgreSQL is per
 * statement, not per row, so apps that only report (events, pings; {@link FullPath#onlyReports}) of
 * different machines share one transaction, one statement to lock their nodes and one to write them.
 * <p>
 * A report that finds no batch gathering starts one and waits, up to {@link GroupCommitProperties#maxWait}, for
 * others to join (up to {@link GroupCommitProperties#maxSize}); then its request's thread writes the batch.
 * Every report is answered only after its batch commits, so no acknowledged event is lost. When a batch
 * fails, nothing of it is written and each of its reports is written alone in its own request, as without
 * batching: one bad report costs only itself. When it failed because the database is unreachable, each
 * report fails with it at once (503), as it would alone. A machine already in the gathering batch is
 * written alone too (a statement cannot write a row twice). Each replica batches its own requests; every
 * batch locks its machines in machine-id order, so batches never wait for each other in a circle.
 * <p>
 * A report not yet {@linkplain NewMachineAdmission admitted} (its request's only app without a quick answer)
 * is admitted with the batch's others, in one lookup: a refused one is answered 429 and not written.
 */
@Component
class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final FullPath fullPath;
    private final NewMachineAdmission admission;
    private final GroupCommitProperties properties;
    private final DatabaseAvailability database;
    private final DistributionSummary sizes;
    private final Counter failures;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    /** The batch taking reports now, or null; guarded by {@link #lock}. */
    private Batch gathering;

    GroupCommit(FullPath fullPath, NewMachineAdmission admission, GroupCommitProperties properties,
            DatabaseAvailability database, MeterRegistry meters) {
        this.fullPath = fullPath;
        this.admission = admission;
        this.properties = properties;
        this.database = database;
        this.sizes = DistributionSummary.builder("platte.omaha.group.commit.reports")
                .description("Reports (events, pings) written together in one transaction")
                .register(meters);
        this.failures = Counter.builder("platte.omaha.group.commit.failures")
                .description("Batches of reports that failed and were written again one by one")
                .register(meters);
    }

    /**
     * The answer to an app that {@link FullPath#onlyReports}, once what it reports is written.
     *
     * @param admitted whether its machine was already admitted, else it is admitted here
     * @throws RegistrationRefusedException when it was not admitted and its address may not register it now
     */
    AppOutcome answer(OmahaRequest request, AppRequest app, String clientIp, Instant now, boolean admitted) {
        var report = new FullPath.Report(request, app, clientIp, now);
        var batch = join(report, admitted);
        if (batch == null) {
            return alone(report, admitted);
        }
        if (batch.leader == report) {
            awaitOthers(batch);
            write(batch);
        }
        return batch.awaitWritten(report) ? new AppOutcome.Acknowledged() : alone(report, admitted || batch.admitted);
    }

    /** The report written by itself, as without batching. */
    private AppOutcome alone(FullPath.Report report, boolean admitted) {
        if (!admitted) {
            admission.admit(report.clientIp(), List.of(report.machineId()));
        }
        return fullPath.answer(report.request(), report.app(), report.clientIp(), report.now());
    }

    /** The batch the report is in (it leads a new one if none is gathering), or null if its machine is taken. */
    private Batch join(FullPath.Report report, boolean admitted) {
        lock.lock();
        try {
            if (gathering == null) {
                gathering = new Batch(report);
            } else if (gathering.machines.contains(report.machineId())) {
                return null;
            }
            var batch = gathering;
            batch.reports.add(report);
            batch.machines.add(report.machineId());
            if (!admitted) {
                batch.unadmitted.add(report);
            }
            if (batch.reports.size() >= properties.maxSize()) {
                gathering = null;
                filled.signalAll();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** The leader's wait: until the batch is full or the wait is over; then it takes no more reports. */
    private void awaitOthers(Batch batch) {
        lock.lock();
        try {
            var remaining = properties.maxWait().toNanos();
            while (gathering == batch && remaining > 0) {
                remaining = filled.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (gathering == batch) {
                gathering = null;
            }
            lock.unlock();
        }
    }

    private void write(Batch batch) {
        try {
            batch.refused = admission.refusals(batch.unadmitted);
            batch.admitted = true;
            var admitted = batch.reports.stream().filter(report -> !batch.refused.containsKey(report)).toList();
            if (!admitted.isEmpty()) {
                fullPath.reportTogether(admitted);
                sizes.record(admitted.size());
            }
            batch.finish(null);
        } catch (RuntimeException e) {
            failures.increment();
            if (database.reportFailure(e).isUnavailable()) {
                // Alone, each would wait for the database once more and fail the same way.
                batch.finish(e);
            } else {
                // Each report is written again alone and fails there with its own answer if it must; logged
                // briefly, as a batch fails whenever one of its reports would fail alone.
                log.debug("Writing {} reports together failed; writing them one by one: {}", batch.reports.size(),
                        e.toString());
                batch.finish(new WriteAlone());
            }
        } catch (Error e) {
            batch.finish(new WriteAlone());
            throw e;
        }
    }

    /** A batch's answer to its reports: write yourself alone. */
    private static final class WriteAlone extends RuntimeException {

        WriteAlone() {
            super(null, null, false, false);
        }
    }

    private static final class Batch {

        private final FullPath.Report leader;
        private final List<FullPath.Report> reports = new ArrayList<>();
        private final Set<String> machines = new HashSet<>();
        /** Reports whose machines are admitted with the batch's, before it is written. */
        private final Set<FullPath.Report> unadmitted = Collections.newSetFromMap(new IdentityHashMap<>());
        private final CountDownLatch done = new CountDownLatch(1);
        /** The reports refused registration; set by the leader before {@link #finish}. */
        private Map<FullPath.Report, Duration> refused = Map.of();
        /** Whether the unadmitted reports were admitted or refused (not when the lookup failed). */
        private volatile boolean admitted;
        /** Null when written; else {@link WriteAlone}, or the database outage that failed it. */
        private volatile RuntimeException failure;

        Batch(FullPath.Report leader) {
            this.leader = leader;
        }

        void finish(RuntimeException failure) {
            this.failure = failure;
            done.countDown();
        }

        /**
         * Whether the batch wrote the report, false when it must be written alone; waits for it
         * uninterrupted, as its reports are its to answer.
         *
         * @throws RegistrationRefusedException when the report's machine may not be registered now
         * @throws RuntimeException the failure when the database could not be reached
         */
        boolean awaitWritten(FullPath.Report report) {
            var interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            var wait = refused.get(report);
            if (wait != null) {
                throw new RegistrationRefusedException(wait);
            }
            if (failure == null) {
                return true;
            }
            if (failure instanceof WriteAlone) {
                return false;
            }
            throw failure;
        }
    }
}
