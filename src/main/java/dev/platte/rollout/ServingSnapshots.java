package dev.platte.rollout;

import dev.platte.catalog.CatalogService;
import dev.platte.catalog.Channel;
import java.util.Objects;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds the current {@link ServingSnapshot}. The hot path reads the database's catalog revision with
 * each node's row and falls back to the database whenever it differs from the snapshot's, asking for a
 * rebuild; so no replica ever answers from a catalog older than the last committed change.
 */
@Component
public class ServingSnapshots {

    private static final Logger log = LoggerFactory.getLogger(ServingSnapshots.class);
    /** How long a check waits for a rebuild in progress before it asks the database instead. */
    private static final Duration REBUILD_WAIT = Duration.ofMillis(250);

    private final CatalogService catalog;
    private final UpdateGroupRepository groups;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate consistentRead;
    private final AtomicReference<ServingSnapshot> current = new AtomicReference<>();
    private final ReentrantLock rebuilding = new ReentrantLock();

    ServingSnapshots(CatalogService catalog, UpdateGroupRepository groups, JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager) {
        this.catalog = catalog;
        this.groups = groups;
        this.jdbc = jdbc;
        this.consistentRead = new TransactionTemplate(transactionManager);
        consistentRead.setReadOnly(true);
        // One view of every table, so the snapshot matches the revision it is labelled with.
        consistentRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** The snapshot in use, or null before the first one is built. */
    public ServingSnapshot current() {
        return current.get();
    }

    /**
     * A snapshot at {@code revision} or newer: the current one, or one rebuilt now. Waits briefly for a
     * rebuild another thread is doing; null if none can be had at once (the caller uses the database).
     */
    public ServingSnapshot atLeast(long revision) {
        var snapshot = current.get();
        if (snapshot != null && snapshot.revision() >= revision) {
            return snapshot;
        }
        try {
            if (!rebuilding.tryLock(REBUILD_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            snapshot = current.get();
            if (snapshot == null || snapshot.revision() < revision) {
                snapshot = refresh();
            }
            return snapshot.revision() >= revision ? snapshot : null;
        } catch (RuntimeException e) {
            log.warn("Could not rebuild the serving snapshot: {}", e.getMessage());
            return null;
        } finally {
            rebuilding.unlock();
        }
    }

    /**
     * A snapshot at {@code revision} or newer, waiting as long as a rebuild takes: for the full path, which
     * must never answer from an older catalog than it read with the node. Throws when none can be built.
     */
    public ServingSnapshot awaitAtLeast(long revision) {
        var snapshot = current.get();
        if (snapshot != null && snapshot.revision() >= revision) {
            return snapshot;
        }
        rebuilding.lock();
        try {
            snapshot = current.get();
            return snapshot == null || snapshot.revision() < revision ? refresh() : snapshot;
        } finally {
            rebuilding.unlock();
        }
    }

    /** A snapshot at the catalog's committed revision (one tiny read), for an id the current one does not know. */
    public ServingSnapshot awaitLatest() {
        return awaitAtLeast(Objects.requireNonNull(jdbc.queryForObject("SELECT revision FROM catalog_revision", Long.class)));
    }

    /**
     * Catches changes no check has noticed yet (an application or group nodes do not reach until the
     * snapshot knows it): one tiny query per second.
     */
    @Scheduled(fixedDelayString = "${platte.omaha.snapshot-check-interval:1s}", initialDelayString = "1s")
    void refreshIfChanged() {
        try {
            var revision = jdbc.queryForObject("SELECT revision FROM catalog_revision", Long.class);
            if (revision != null) {
                atLeast(revision);
            }
        } catch (RuntimeException e) {
            log.debug("Could not check the catalog revision: {}", e.getMessage());
        }
    }

    /** Rebuilds now and returns the snapshot in use afterwards. */
    ServingSnapshot refresh() {
        var built = Objects.requireNonNull(consistentRead.execute(tx -> {
            var revision = jdbc.queryForObject("SELECT revision FROM catalog_revision", Long.class);
            var channels = catalog.allChannels();
            var served = catalog.findPackages(channels.stream().map(Channel::packageId).filter(Objects::nonNull)
                    .distinct().toList());
            return new ServingSnapshot(revision, catalog.applications(), groups.findAll(), channels, served);
        }));
        // Never replace a newer snapshot with an older one built concurrently.
        return current.accumulateAndGet(built,
                (previous, next) -> previous != null && previous.revision() > next.revision() ? previous : next);
    }
}
