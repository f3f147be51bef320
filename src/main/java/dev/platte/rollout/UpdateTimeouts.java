package dev.platte.rollout;

import dev.platte.fleet.FleetService;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks updates that were granted and not finished within their group's timeout as timed out: a
 * failure for auto-halt and safe mode, and a freed concurrency slot. Safe on every replica at once:
 * each overdue row is locked with SKIP LOCKED, so it is handled exactly once.
 */
@Component
public class UpdateTimeouts {

    private static final Logger log = LoggerFactory.getLogger(UpdateTimeouts.class);

    private final GroupService groups;
    private final FleetService fleet;
    private final Clock clock;
    private final TransactionTemplate transactions;

    UpdateTimeouts(GroupService groups, FleetService fleet, Clock clock, PlatformTransactionManager transactionManager) {
        this.groups = groups;
        this.fleet = fleet;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Scheduled(fixedDelayString = "${platte.rollout.timeout-check-interval:30s}",
            initialDelayString = "${platte.rollout.timeout-check-interval:30s}")
    public void sweep() {
        var now = clock.instant();
        for (var group : groups.allGroups()) {
            var cutoff = now.minus(group.policySettings().updateTimeout());
            int handled;
            do {
                handled = transactions.execute(tx -> fleet.timeOutUpdates(group.id(), cutoff, now));
                if (handled > 0) {
                    log.info("{} update(s) in group {} timed out", handled, group.name());
                }
            } while (handled > 0);
        }
    }
}
