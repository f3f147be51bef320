package dev.platte.metrics;

import dev.platte.fleet.InstanceStatusChanged;
import dev.platte.fleet.UpdateEngineErrors;
import dev.platte.rollout.GroupPaused;
import dev.platte.rollout.PauseCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts grants, failures, timeouts and automatic pauses once their transaction has committed, so a
 * change that was rolled back is never counted. Counters are per replica: {@code sum} them.
 */
@Component
class UpdateCounters {

    private static final Logger log = LoggerFactory.getLogger(UpdateCounters.class);

    private final MeterRegistry registry;
    private final LabelNames names;

    UpdateCounters(MeterRegistry registry, LabelNames names) {
        this.registry = registry;
        this.names = names;
    }

    // fallbackExecution: a change made without a transaction is committed already.
    @TransactionalEventListener(fallbackExecution = true)
    void onStatusChanged(InstanceStatusChanged change) {
        count(() -> {
            switch (change.status()) {
                case GRANTED -> counter("platte.grants", "Updates granted (re-grants too)",
                        change.applicationId(), change.groupId()).increment();
                case ERROR -> Counter.builder("platte.update.failures")
                        .description("Updates that failed with an update_engine error, by its code without flags")
                        .tags("application", names.application(change.applicationId()),
                                "group", names.group(change.groupId()),
                                "error_code", change.errorCode() == null
                                        ? "unknown"
                                        : UpdateEngineErrors.label(change.errorCode()))
                        .register(registry).increment();
                case TIMED_OUT -> counter("platte.update.timeouts", "Updates not finished within the group's timeout",
                        change.applicationId(), change.groupId()).increment();
                default -> {}
            }
        });
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onPaused(GroupPaused paused) {
        if (paused.cause() == PauseCause.PERSON) {
            return;
        }
        count(() -> counter("platte.auto.halts",
                "Groups paused by Platte: a failed safe-mode canary, auto-halt, a health gate or an alert",
                paused.applicationId(), paused.groupId()).increment());
    }

    private Counter counter(String name, String description, UUID applicationId, UUID groupId) {
        return Counter.builder(name).description(description)
                .tags("application", names.application(applicationId), "group", names.group(groupId))
                .register(registry);
    }

    /** Runs after the commit, on the node's request: a metric must never turn a done change into an error. */
    private static void count(Runnable increment) {
        try {
            increment.run();
        } catch (RuntimeException e) {
            log.warn("Could not count an update metric: {}", e.toString());
        }
    }
}
