package dev.platte.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The series of one gauge, recomputed as a whole on a schedule. A series that is still there keeps its
 * registration and only its value changes, so a scrape during a refresh never misses it; a series
 * that vanished is removed.
 */
public final class GaugeSeries {

    private final MultiGauge gauge;
    private Map<Tags, Value> values = Map.of();

    private static final class Value {
        private volatile double value;
    }

    public GaugeSeries(String name, String description, MeterRegistry registry) {
        this.gauge = MultiGauge.builder(name).description(description).register(registry);
    }

    /** Replaces every series with {@code next}: label values → the gauge's value. */
    public synchronized void replace(Map<Tags, ? extends Number> next) {
        var updated = new HashMap<Tags, Value>();
        var rows = new ArrayList<MultiGauge.Row<?>>(next.size());
        next.forEach((tags, number) -> {
            var value = values.getOrDefault(tags, new Value());
            value.value = number.doubleValue();
            updated.put(tags, value);
            rows.add(MultiGauge.Row.of(tags, value, v -> v.value));
        });
        // Without overwrite, rows registered before keep their (updated) value holder.
        gauge.register(rows, false);
        values = updated;
    }
}
