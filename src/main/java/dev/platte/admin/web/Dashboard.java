package dev.platte.admin.web;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityFilter;
import dev.platte.activity.ActivityService;
import dev.platte.catalog.Application;
import dev.platte.catalog.ApplicationService;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.ChannelService;
import dev.platte.catalog.Channel;
import dev.platte.catalog.UpdatePackage;
import dev.platte.fleet.FleetStatistics.Breakdown;
import dev.platte.fleet.FleetStatistics;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import dev.platte.rollout.WaveEvaluator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Assembles what the dashboard pages show from the services; read only. */
@Component
class Dashboard {

    private static final Duration ACTIVE = Duration.ofHours(24);

    private final ApplicationService applicationService;
    private final PackageService packageService;
    private final ChannelService channelService;
    private final GroupService groups;
    private final FleetStatistics statistics;
    private final ActivityService activity;
    private final Clock clock;
    private final WaveEvaluator waves;

    Dashboard(ApplicationService applicationService, PackageService packageService, ChannelService channelService,
            GroupService groups, FleetStatistics statistics, ActivityService activity, Clock clock,
            WaveEvaluator waves) {
        this.waves = waves;
        this.applicationService = applicationService;
        this.packageService = packageService;
        this.channelService = channelService;
        this.groups = groups;
        this.statistics = statistics;
        this.activity = activity;
        this.clock = clock;
    }

    /** A share of a bar: label, count, and its width in percent of the whole. */
    public record Slice(String label, long count, String countText, double percent) {}

    public record Bar(List<Slice> slices, long total) {
        static Bar of(Breakdown breakdown) {
            var slices = breakdown.counts().entrySet().stream()
                    .map(e -> new Slice(e.getKey(), e.getValue(), Formats.number(e.getValue()),
                            breakdown.total() == 0 ? 0 : 100.0 * e.getValue() / breakdown.total()))
                    .toList();
            return new Bar(slices, breakdown.total());
        }

        public boolean isEmpty() {
            return total == 0;
        }
    }

    /** Where a group's rollout stands, in numbers and in words. */
    public record RolloutState(String phase, String words, String targetVersion, long updated, long total, long failed,
            boolean paused, String pausedBy, String pausedAt, String pausedReason, boolean automatic) {}

    public record GroupRow(UpdateGroup group, String channel, RolloutState state, Bar versions, String policy) {}

    /** @param activeInstances how many checked in the last 24 hours, as the page writes it (maybe "about …") */
    public record ApplicationSummary(Application application, String activeInstances, Bar versions, List<GroupRow> groups,
            List<List<WaveRow>> waves) {}

    /** One wave of a chain: the first wave's rollout state, or where a following wave stands. */
    public record WaveRow(UpdateGroup group, String state, boolean waiting) {}

    public record ActivityRow(Activity activity, String at) {}

    List<ApplicationSummary> overview() {
        var since = clock.instant().minus(ACTIVE);
        return applicationService.applications().stream()
                .map(app -> {
                    var breakdown = statistics.breakdownOfApplication(app.id(), since);
                    var rows = groupRows(app);
                    return new ApplicationSummary(app, Formats.count(breakdown.activeSince()), Bar.of(breakdown.versions()), rows,
                            waveChains(app, rows));
                })
                .toList();
    }

    /** Each chain of waves in order, each wave with its state. */
    List<List<WaveRow>> waveChains(Application app, List<GroupRow> rows) {
        var states = rows.stream().collect(Collectors.toMap(row -> row.group().id(), GroupRow::state));
        return groups.waveChains(app).stream()
                .map(chain -> chain.stream().map(group -> {
                    var status = waves.status(group).orElse(null);
                    var state = states.get(group.id());
                    if (status == null || status.open()) {
                        return new WaveRow(group, state == null ? "" : state.words(), false);
                    }
                    return new WaveRow(group, status.description(), true);
                }).toList())
                .toList();
    }

    List<ActivityRow> latestActivity(UUID applicationId, UUID groupId, int count) {
        return activity.latest(new ActivityFilter(applicationId, groupId, null, null, null, null), count).stream()
                .map(a -> new ActivityRow(a, Formats.time(a.createdAt()))).toList();
    }

    List<GroupRow> groupRows(Application app) {
        Map<UUID, Channel> channels = channelService.channels(app).stream()
                .collect(Collectors.toMap(Channel::id, Function.identity()));
        Map<UUID, UpdatePackage> packages = packageService.packages(app).stream()
                .collect(Collectors.toMap(UpdatePackage::id, Function.identity()));
        var rows = new ArrayList<GroupRow>();
        for (var group : groups.groups(app)) {
            var channel = group.channelId() == null ? null : channels.get(group.channelId());
            var target = channel == null || channel.packageId() == null ? null : packages.get(channel.packageId());
            var breakdown = statistics.breakdownOfGroup(group.id());
            rows.add(new GroupRow(group,
                    channel == null ? "—" : channel.name() + " (" + channel.arch().wireName() + ")",
                    state(group, target, rollbackFrom(channel), breakdown.versions(), breakdown.statuses()),
                    Bar.of(breakdown.versions()), policySummary(group)));
        }
        return rows;
    }

    /** The version the channel was rolled back from, while it serves a rollback target; else null. */
    static String rollbackFrom(Channel channel) {
        return channel == null || !channel.isRollback() ? null : channel.rollbackFromVersion();
    }

    /** @param rollbackFrom the version the channel was rolled back from, or null for an ordinary rollout */
    RolloutState state(UpdateGroup group, UpdatePackage target, String rollbackFrom, Breakdown versions,
            Breakdown statuses) {
        var total = versions.total();
        var failed = statuses.counts().getOrDefault("error", 0L) + statuses.counts().getOrDefault("timed_out", 0L);
        var paused = group.pausedAt() != null;
        var pause = paused
                ? "; paused by %s at %s: \u201c%s\u201d".formatted(group.pausedBy(), Formats.time(group.pausedAt()),
                        group.pausedReason())
                : "";
        if (target == null) {
            return new RolloutState(paused ? "paused" : "idle", "Nothing to roll out: the channel serves no package" + pause,
                    null, 0, total, failed, paused, group.pausedBy(), Formats.time(group.pausedAt()),
                    group.pausedReason(), group.pausedAutomatically());
        }
        var version = target.version();
        var updated = versions.counts().getOrDefault(version, 0L);
        String phase;
        String words;
        if (total > 0 && updated == total && !paused) {
            phase = "done";
            words = "All %s instances run %s".formatted(Formats.number(total), version);
        } else {
            phase = paused ? "paused" : "rolling";
            // Nodes back on a rollback target count as updated, like any node on its target.
            words = rollbackFrom != null
                    ? "Rolling back from %s to %s: %s of %s back, %s failed%s".formatted(rollbackFrom, version,
                            Formats.number(updated), Formats.number(total), Formats.number(failed), pause)
                    : "Rolling out %s: %s of %s updated, %s failed%s".formatted(version, Formats.number(updated),
                            Formats.number(total), Formats.number(failed), pause);
            if (!group.policySettings().updatesEnabled()) {
                words += "; updates are disabled";
            }
        }
        return new RolloutState(phase, words, version, updated, total, failed, paused, group.pausedBy(),
                Formats.time(group.pausedAt()), group.pausedReason(), group.pausedAutomatically());
    }

    static String policySummary(UpdateGroup group) {
        var p = group.policySettings();
        var parts = new ArrayList<String>();
        if (!p.updatesEnabled()) {
            parts.add("updates disabled");
        }
        if (p.safeMode()) {
            parts.add("safe mode");
        }
        if (p.maxUpdatesPerPeriod() != null) {
            parts.add(p.maxUpdatesPerPeriod() + " per " + Formats.duration(p.updatePeriod()));
        }
        if (p.maxConcurrentUpdates() != null) {
            parts.add(p.maxConcurrentUpdates() + " at once");
        }
        if (p.ramp() != null) {
            parts.add("ramp from " + p.ramp().startPercent() + "% over " + Formats.duration(p.ramp().duration()));
        }
        if (!p.windows().isEmpty()) {
            parts.add(p.windows().size() + (p.windows().size() == 1 ? " window" : " windows"));
        }
        if (p.autoHalt() != null) {
            parts.add("auto-halt");
        }
        return parts.isEmpty() ? "no limits" : String.join(", ", parts);
    }
}
