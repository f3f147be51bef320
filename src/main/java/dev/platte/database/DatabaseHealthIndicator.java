package dev.platte.database;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code database} in {@code /actuator/health} and the readiness group. During a known outage it
 * answers DOWN at once instead of waiting for the pool; otherwise it asks the database.
 */
@Component
class DatabaseHealthIndicator implements HealthIndicator {

    private final DatabaseAvailability availability;

    DatabaseHealthIndicator(DatabaseAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Health health() {
        if (availability.isAvailable() && availability.check()) {
            return Health.up().build();
        }
        var outage = availability.outage();
        if (outage == null) {
            // The check failed without a sign of an outage (typically no connection free in time): taking
            // the replica out of rotation for being busy would only push its load onto the others, so
            // UNKNOWN, which leaves readiness UP.
            return Health.unknown().withDetail("reason", "the check did not succeed, but the database is not known to be down")
                    .build();
        }
        return Health.down().withDetail("since", outage.since()).withDetail("reason", outage.reason()).build();
    }
}
