package dev.platte.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fleet gauges. How often they are recomputed is {@code platte.metrics.refresh-interval} (30 s), read
 * by the schedule itself; {@code platte.metrics.public} belongs to the security configuration.
 *
 * @param activeWithin an instance counts in {@code platte_instances} if it checked for updates this recently
 * @param maxVersionsPerGroup versions per group reported by name, most common first; the rest are summed as
 *     {@code other}, because nodes report any version they like and every version is a new series
 */
@ConfigurationProperties("platte.metrics")
public record MetricsProperties(
        @DefaultValue("24h") Duration activeWithin,
        @DefaultValue("20") int maxVersionsPerGroup) {}
