package dev.platte.metrics;

import dev.platte.common.GaugeSeries;
import dev.platte.fleet.FleetStatistics;
import dev.platte.fleet.FleetStatistics.CensusCell;
import dev.platte.fleet.InstanceStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The fleet as gauges: instances per application, group, version and status, holds by reason, and all
 * known instances per application. One grouped query on a schedule feeds every series, so a scrape
 * costs nothing and a million instances cost one scan per interval, not one per series. Every replica
 * reports the same fleet: aggregate these with {@code max}, not {@code sum}.
 */
@Component
class FleetMetrics {

    private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);
    static final String OTHER_VERSIONS = "other";

    private final FleetStatistics statistics;
    private final LabelNames names;
    private final MetricsProperties properties;
    private final Clock clock;
    private final GaugeSeries instances;
    private final GaugeSeries onHold;
    private final GaugeSeries known;

    FleetMetrics(FleetStatistics statistics, LabelNames names, MetricsProperties properties, Clock clock,
            MeterRegistry registry) {
        this.statistics = statistics;
        this.names = names;
        this.properties = properties;
        this.clock = clock;
        this.instances = new GaugeSeries("platte.instances",
                "Instances that checked for updates recently, by application, group, version and status", registry);
        this.onHold = new GaugeSeries("platte.instances.on.hold",
                "Recently active instances on hold, by application, group and reason", registry);
        this.known = new GaugeSeries("platte.instances.total.known",
                "Every instance Platte knows, retired ones included, by application", registry);
    }

    @Scheduled(fixedDelayString = "${platte.metrics.refresh-interval:30s}")
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // The gauges keep their last values; the next interval tries again.
            log.warn("Could not refresh the fleet metrics: {}", e.toString());
        }
    }

    synchronized void refresh() {
        var cells = statistics.census(clock.instant().minus(properties.activeWithin()));
        // Names after the census, so that every group it saw is known (deleted ones lose their instances).
        names.reload();
        var named = namedVersions(cells, properties.maxVersionsPerGroup());
        var instanceCounts = new HashMap<Tags, Long>();
        var holdCounts = new HashMap<Tags, Long>();
        var knownCounts = new HashMap<UUID, Long>();
        for (var cell : cells) {
            knownCounts.merge(cell.applicationId(), cell.known(), Long::sum);
            if (cell.active() == 0) {
                continue;
            }
            var group = Tags.of("application", names.application(cell.applicationId()),
                    "group", names.group(cell.groupId()));
            var version = named.get(new GroupKey(cell.applicationId(), cell.groupId())).contains(cell.version())
                    ? cell.version()
                    : OTHER_VERSIONS;
            instanceCounts.merge(group.and("version", version, "status", cell.status().wireName()), cell.active(),
                    Long::sum);
            if (cell.status() == InstanceStatus.ON_HOLD) {
                holdCounts.merge(group.and("reason", cell.holdReason() == null ? "unknown" : cell.holdReason()),
                        cell.active(), Long::sum);
            }
        }
        instances.replace(instanceCounts);
        onHold.replace(holdCounts);
        // Every application, with 0 when it has no instances yet.
        var knownPerApplication = new HashMap<Tags, Long>();
        for (var id : names.applicationIds()) {
            knownPerApplication.put(Tags.of("application", names.application(id)), knownCounts.getOrDefault(id, 0L));
        }
        known.replace(knownPerApplication);
    }

    record GroupKey(UUID applicationId, UUID groupId) {}

    /** Per group, the versions that keep their name: the most common ones among active instances. */
    static Map<GroupKey, Set<String>> namedVersions(List<CensusCell> cells, int limit) {
        var perGroup = new HashMap<GroupKey, Map<String, Long>>();
        for (var cell : cells) {
            perGroup.computeIfAbsent(new GroupKey(cell.applicationId(), cell.groupId()), key -> new HashMap<>())
                    .merge(cell.version(), cell.active(), Long::sum);
        }
        var named = new HashMap<GroupKey, Set<String>>();
        perGroup.forEach((group, versions) -> named.put(group, versions.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet())));
        return named;
    }
}
