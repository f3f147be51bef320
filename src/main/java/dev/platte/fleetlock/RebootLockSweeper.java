package dev.platte.fleetlock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Releases holders past their group's maximum hold time and deletes forgotten anonymous groups. Every
 * replica runs it; the statements themselves make that safe (see {@link RebootGroups#expireOverdueHolders}).
 */
@Component
class RebootLockSweeper {

    private static final Logger log = LoggerFactory.getLogger(RebootLockSweeper.class);

    private final RebootGroups rebootGroups;

    RebootLockSweeper(RebootGroups rebootGroups) {
        this.rebootGroups = rebootGroups;
    }

    @Scheduled(fixedDelayString = "${platte.fleetlock.sweep-interval:30s}",
            initialDelayString = "${platte.fleetlock.sweep-interval:30s}")
    void sweep() {
        try {
            int expired;
            do {
                expired = rebootGroups.expireOverdueHolders();
                if (expired > 0) {
                    log.info("Released {} reboot slot(s) held past their group's maximum hold time", expired);
                }
            } while (expired > 0 && !Thread.currentThread().isInterrupted());
            var pruned = rebootGroups.pruneIdleGroups();
            if (pruned > 0) {
                log.info("Deleted {} idle reboot group(s) that clients created", pruned);
            }
        } catch (RuntimeException e) {
            log.warn("Could not sweep the FleetLock reboot groups: {}", e.toString());
        }
    }
}
