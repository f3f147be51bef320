package dev.platte.payload;

import dev.platte.catalog.CatalogService;
import dev.platte.catalog.PackageDeleted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps the payload store to the packages that exist. A deleted package's files go once its deletion
 * commits (a rolled-back delete keeps them), and a sweep removes what that could miss: directories of
 * packages that no longer exist (a crash between commit and delete, a sync that mirrored files and then
 * failed) and temporary files left by a crash. The scheduled sweep runs on one replica at a time (ShedLock;
 * another replica skips that round), as replicas share the payload directory.
 */
@Component
class PayloadCleanup {

    private static final Logger log = LoggerFactory.getLogger(PayloadCleanup.class);
    static final String LOCK = "payload-sweep";
    /** A temporary file being written changes every few seconds; one untouched this long was left behind. */
    static final Duration PARTIAL_STALE_AFTER = Duration.ofHours(1);
    private static final int ID_BATCH = 1000;

    /** What one sweep removed. */
    record Sweep(int orphanDirectories, int partialFiles) {}

    private final PayloadStore store;
    private final PayloadProperties properties;
    private final CatalogService catalog;
    private final Clock clock;

    PayloadCleanup(PayloadStore store, PayloadProperties properties, CatalogService catalog, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.catalog = catalog;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void packageDeleted(PackageDeleted event) {
        try {
            var files = store.deletePackage(event.packageId());
            if (files > 0) {
                log.info("Deleted the {} hosted file(s) of deleted package {}", files, event.packageId());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete the files of deleted package {} (the next sweep tries again): {}",
                    event.packageId(), e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${platte.payloads.sweep-interval:1h}",
            initialDelayString = "${platte.payloads.sweep-first-after:1m}")
    @SchedulerLock(name = LOCK)
    void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Payload sweep failed (the next one tries again): {}", e.toString());
        }
    }

    /** Removes orphaned package directories and stale temporary files. */
    Sweep sweep() {
        if (!store.enabled()) {
            return new Sweep(0, 0);
        }
        try {
            var now = clock.instant();
            var partials = store.deletePartialFilesUntouchedSince(now.minus(PARTIAL_STALE_AFTER));
            var candidates = store.packageDirectoriesUntouchedSince(now.minus(properties.orphanGrace()));
            var orphans = 0;
            for (var from = 0; from < candidates.size(); from += ID_BATCH) {
                var batch = candidates.subList(from, Math.min(candidates.size(), from + ID_BATCH));
                var existing = catalog.existingPackageIds(batch);
                for (var id : batch) {
                    if (!existing.contains(id)) {
                        store.deletePackage(id);
                        orphans++;
                    }
                }
            }
            if (orphans > 0 || partials > 0) {
                log.info("Payload sweep removed {} directory(ies) of packages that no longer exist and {} "
                        + "temporary file(s)", orphans, partials);
            }
            return new Sweep(orphans, partials);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
