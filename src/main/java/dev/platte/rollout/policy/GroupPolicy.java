package dev.platte.rollout.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * A group's rollout policy as the decision sees it.
 *
 * @param pausedAt when an SRE (or Platte itself) paused the group; {@code null} while running
 * @param maxUpdatesPerPeriod {@code null} for unlimited
 */
public record GroupPolicy(
        boolean updatesEnabled,
        Instant pausedAt,
        boolean safeMode,
        Integer maxUpdatesPerPeriod,
        Duration updatePeriod,
        Duration updateTimeout) {

    public boolean paused() {
        return pausedAt != null;
    }
}
