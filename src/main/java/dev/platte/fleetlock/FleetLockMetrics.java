package dev.platte.fleetlock;

import dev.platte.common.GaugeSeries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * FleetLock as metrics: slots and slots in use per reboot group (read from the database on a schedule, so
 * every replica reports the same: aggregate with {@code max}), and refusals by kind (counted where they
 * happen: aggregate with {@code sum}). Group names are bounded by {@code platte.fleetlock.max-anonymous-groups}.
 */
@Component
class FleetLockMetrics {

    private static final Logger log = LoggerFactory.getLogger(FleetLockMetrics.class);

    private final RebootGroupRepository store;
    private final GaugeSeries slots;
    private final GaugeSeries inUse;
    private final Map<FleetLockErrorKind, Counter> refusals = new EnumMap<>(FleetLockErrorKind.class);

    FleetLockMetrics(RebootGroupRepository store, MeterRegistry registry) {
        this.store = store;
        this.slots = new GaugeSeries("platte.fleetlock.slots", "Reboot slots per FleetLock reboot group", registry);
        this.inUse = new GaugeSeries("platte.fleetlock.slots.in.use",
                "Reboot slots held per FleetLock reboot group", registry);
        for (var kind : FleetLockErrorKind.values()) {
            refusals.put(kind, Counter.builder("platte.fleetlock.refusals")
                    .description("FleetLock requests answered with an error, by kind").tag("kind", kind.wireName())
                    .register(registry));
        }
    }

    void refused(FleetLockErrorKind kind) {
        refusals.get(kind).increment();
    }

    @Scheduled(fixedDelayString = "${platte.metrics.refresh-interval:30s}")
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not refresh the FleetLock metrics: {}", e.toString());
        }
    }

    synchronized void refresh() {
        var slotValues = new HashMap<Tags, Integer>();
        var inUseValues = new HashMap<Tags, Integer>();
        for (var usage : store.usage()) {
            var tags = Tags.of("reboot_group", usage.name());
            slotValues.put(tags, usage.slots());
            inUseValues.put(tags, usage.inUse());
        }
        slots.replace(slotValues);
        inUse.replace(inUseValues);
    }
}
