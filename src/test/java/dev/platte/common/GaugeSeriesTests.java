package dev.platte.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaugeSeriesTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GaugeSeries series = new GaugeSeries("test.gauge", "a test gauge", registry);

    @Test
    void updatesASeriesThatStaysInPlace_andRemovesOneThatVanished() {
        series.replace(Map.of(Tags.of("k", "a"), 1, Tags.of("k", "b"), 2));
        var a = registry.get("test.gauge").tag("k", "a").gauge();

        series.replace(Map.of(Tags.of("k", "a"), 3L));

        assertThat(registry.get("test.gauge").tag("k", "a").gauge()).isSameAs(a);
        assertThat(a.value()).isEqualTo(3.0);
        assertThat(registry.find("test.gauge").tag("k", "b").gauge()).isNull();
    }

    @Test
    void bringsBackASeriesThatReturns() {
        series.replace(Map.of(Tags.of("k", "a"), 1));
        series.replace(Map.of());
        series.replace(Map.of(Tags.of("k", "a"), 5.5));

        assertThat(registry.get("test.gauge").tag("k", "a").gauge().value()).isEqualTo(5.5);
    }
}
