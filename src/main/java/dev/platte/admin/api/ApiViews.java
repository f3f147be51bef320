package dev.platte.admin.api;

import dev.platte.activity.Activity;
import dev.platte.catalog.Application;
import dev.platte.catalog.Channel;
import dev.platte.catalog.ExtraFile;
import dev.platte.catalog.PackageRevocation;
import dev.platte.catalog.UpdatePackage;
import dev.platte.common.CountedPage;
import dev.platte.fleet.InstanceDetails;
import dev.platte.fleet.InstanceEvent;
import dev.platte.fleet.InstanceRow;
import dev.platte.fleet.StatusHistoryEntry;
import dev.platte.rollout.GroupRollout;
import dev.platte.rollout.UpdateGroup;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/** The JSON shapes the API answers with. */
final class ApiViews {

    private ApiViews() {}

    record ApplicationView(UUID id, String name, String description, String productId, Instant createdAt) {
        static ApplicationView of(Application app) {
            return new ApplicationView(app.id(), app.name(), app.description(), app.productId(), app.createdAt());
        }
    }

    record ExtraFileView(String name, long size, String sha1, String sha256Hex) {
        static ExtraFileView of(ExtraFile file) {
            return new ExtraFileView(file.name(), file.size(), file.sha1(), file.sha256Hex());
        }
    }

    record PackageView(UUID id, UUID applicationId, String version, String arch, String type, String codebaseUrl,
            String fileName, long size, String sha1, String sha256, String description, List<ExtraFileView> extraFiles,
            Instant createdAt) {
        static PackageView of(UpdatePackage pkg) {
            return new PackageView(pkg.id(), pkg.applicationId(), pkg.version(), pkg.arch().wireName(),
                    pkg.type().wireName(), pkg.codebaseUrl(), pkg.fileName(), pkg.size(), pkg.sha1(), pkg.sha256(),
                    pkg.description(), pkg.extraFiles().stream().map(ExtraFileView::of).toList(), pkg.createdAt());
        }
    }

    /** @param version the row version, also sent as the ETag */
    /** @param rollback set while the channel serves a package it was rolled back to */
    record ChannelView(UUID id, UUID applicationId, String name, String arch, UUID packageId, long version,
            Instant createdAt, RollbackView rollback) {
        static ChannelView of(Channel channel) {
            return new ChannelView(channel.id(), channel.applicationId(), channel.name(), channel.arch().wireName(),
                    channel.packageId(), channel.rowVersion(), channel.createdAt(), RollbackView.of(channel));
        }
    }

    /** A channel's rollback: the version it served before, why, by whom and when. */
    record RollbackView(String fromVersion, String reason, String by, Instant at) {
        static RollbackView of(Channel channel) {
            return channel.isRollback()
                    ? new RollbackView(channel.rollbackFromVersion(), channel.rollbackReason(), channel.rollbackBy(),
                            channel.rollbackAt())
                    : null;
        }
    }

    record RampView(int startPercent, Duration duration) {}

    record AutoHaltView(Integer failureCount, Integer failurePercent, int minAttempts) {}

    record WindowView(List<DayOfWeek> days, LocalTime start, LocalTime end, String timeZone) {}

    record FloorView(UUID packageId, String version, String reason, Instant createdAt) {}

    record RevocationView(long id, UUID packageId, UUID channelId, String reason, String actor, Instant at) {
        static RevocationView of(PackageRevocation r) {
            return new RevocationView(r.id(), r.packageId(), r.channelId(), r.reason(), r.actor(), r.createdAt());
        }
    }

    record PolicyView(boolean updatesEnabled, boolean safeMode, Integer maxUpdatesPerPeriod, Duration updatePeriod,
            Integer maxConcurrentUpdates, Duration updateTimeout, Integer pollIntervalSeconds, RampView ramp,
            AutoHaltView autoHalt, List<WindowView> maintenanceWindows, boolean holdMissingExtension, String follows,
            Integer waveCompletionPercent, Duration waveSoak) {
        static PolicyView of(UpdateGroup.PolicySettings s) {
            return new PolicyView(s.updatesEnabled(), s.safeMode(), s.maxUpdatesPerPeriod(), s.updatePeriod(),
                    s.maxConcurrentUpdates(), s.updateTimeout(), s.pollIntervalSeconds(),
                    s.ramp() == null ? null : new RampView(s.ramp().startPercent(), s.ramp().duration()),
                    s.autoHalt() == null
                            ? null
                            : new AutoHaltView(s.autoHalt().failureCount(), s.autoHalt().failurePercent(),
                                    s.autoHalt().minAttempts()),
                    s.windows().stream()
                            .map(w -> new WindowView(w.days().stream().sorted().toList(), w.start(), w.end(),
                                    w.zone().getId()))
                            .toList(),
                    s.holdMissingExtension(),
                    s.wave() == null ? null : s.wave().follows(),
                    s.wave() == null ? null : s.wave().completionPercent(),
                    s.wave() == null ? null : s.wave().soak());
        }
    }

    /** Who paused the group, when and why; {@code automatic} when Platte halted it itself. */
    record PauseView(Instant at, String by, String reason, boolean automatic) {}

    record RolloutView(String targetVersion, Instant startedAt, String canaryMachineId, String canary, int attempts,
            int failures, Instant completedAt) {
        static RolloutView of(GroupRollout rollout) {
            return new RolloutView(rollout.targetVersion(), rollout.startedAt(), rollout.canaryMachineId(),
                    rollout.canary().name().toLowerCase(java.util.Locale.ROOT), rollout.attempts(), rollout.failures(),
                    rollout.completedAt());
        }
    }

    /** @param holdReasons instances on hold by reason; only on a single group's {@code GET} */
    record GroupView(UUID id, UUID applicationId, String name, String description, String track, UUID channelId,
            PolicyView policy, PauseView paused, RolloutView rollout, java.util.Map<String, Long> holdReasons,
            WaveView wave, long version, Instant createdAt) {
        static GroupView of(UpdateGroup group) {
            return of(group, null, null, null);
        }

        static GroupView of(UpdateGroup group, GroupRollout rollout, java.util.Map<String, Long> holdReasons,
                dev.platte.rollout.WaveStatus wave) {
            return new GroupView(group.id(), group.applicationId(), group.name(), group.description(), group.track(),
                    group.channelId(), PolicyView.of(group.policySettings()),
                    group.pausedAt() == null
                            ? null
                            : new PauseView(group.pausedAt(), group.pausedBy(), group.pausedReason(),
                                    group.pausedAutomatically()),
                    rollout == null ? null : RolloutView.of(rollout),
                    holdReasons,
                    wave == null ? null : WaveView.of(wave),
                    group.rowVersion(),
                    group.createdAt());
        }
    }

    /** Where a wave stands: open, waiting (and for what) or idle (its channel serves nothing). */
    record WaveView(String state, UUID previousGroupId, String previousGroup, String version, Integer percentOnVersion,
            int completionPercent, Duration soak, String missing, Duration soakLeft, String description) {
        static WaveView of(dev.platte.rollout.WaveStatus status) {
            return new WaveView(status.state(), status.previous().id(), status.previous().name(), status.version(),
                    status.version() == null ? null : status.percentOnTarget(), status.completionPercent(),
                    status.soak(), status.missing() == null ? null : status.missing().name().toLowerCase(java.util.Locale.ROOT),
                    status.soakLeft(), status.description());
        }
    }

    record ActivityView(long id, Instant at, String kind, String severity, UUID applicationId, UUID groupId,
            UUID channelId, String machineId, String version, String actor, String message) {
        static ActivityView of(Activity a) {
            return new ActivityView(a.id(), a.createdAt(), a.kind().wireName(), a.severity().wireName(),
                    a.applicationId(), a.groupId(), a.channelId(), a.machineId(), a.version(), a.actor(), a.message());
        }
    }

    record InstanceSummaryView(String machineId, String alias, String ip, String version, String status,
            String holdReason, String lastGrantedVersion, Instant lastCheckAt, Instant lastSeenAt) {
        static InstanceSummaryView of(InstanceRow row) {
            var state = row.state();
            var instance = row.instance();
            return new InstanceSummaryView(state.machineId(), instance.alias(), instance.ip(), state.version(),
                    state.status().wireName(), state.holdReason(), state.lastGrantedVersion(), state.lastCheckAt(),
                    instance.lastSeenAt());
        }
    }

    record StatusChangeView(String status, String version, Long errorCode, UUID groupId, Instant at) {
        static StatusChangeView of(StatusHistoryEntry entry) {
            return new StatusChangeView(entry.status().wireName(), entry.version(), entry.errorCode(), entry.groupId(),
                    entry.createdAt());
        }
    }

    record EventView(int type, int result, Long errorCode, String previousVersion, String reportedVersion,
            Instant at) {
        static EventView of(InstanceEvent event) {
            return new EventView(event.type(), event.result(), event.errorCode(), event.previousVersion(),
                    event.reportedVersion(), event.createdAt());
        }
    }

    record InstanceAppView(UUID applicationId, UUID groupId, String version, String status, String holdReason,
            boolean updateInProgress, String lastGrantedVersion, Instant lastGrantedAt, Long lastErrorCode,
            Instant lastCheckAt, List<StatusChangeView> statusHistory, List<EventView> events) {}

    record InstanceView(String machineId, String alias, String ip, String oem, String oemVersion,
            String alephVersion, String bootId, Instant firstSeenAt, Instant lastSeenAt,
            List<InstanceAppView> applications) {
        static InstanceView of(InstanceDetails details) {
            var instance = details.instance();
            return new InstanceView(instance.machineId(), instance.alias(), instance.ip(), instance.oem(),
                    instance.oemVersion(), instance.alephVersion(), instance.bootId(), instance.firstSeenAt(),
                    instance.lastSeenAt(),
                    details.applications().stream().map(app -> {
                        var state = app.state();
                        return new InstanceAppView(state.applicationId(), state.groupId(), state.version(),
                                state.status().wireName(), state.holdReason(), state.updateInProgress(),
                                state.lastGrantedVersion(), state.lastGrantedAt(), state.lastErrorCode(),
                                state.lastCheckAt(), app.history().stream().map(StatusChangeView::of).toList(),
                                app.events().stream().map(EventView::of).toList());
                    }).toList());
        }
    }

    /** @param totalExact false when {@code totalItems} (and so {@code totalPages}) is an estimate: many matched */
    record PageView<T>(List<T> items, int page, int size, long totalItems, boolean totalExact, long totalPages) {
        static <S, T> PageView<T> of(Page<S> page, Function<S, T> mapper) {
            return new PageView<>(page.getContent().stream().map(mapper).toList(), page.getNumber(), page.getSize(),
                    page.getTotalElements(), true, page.getTotalPages());
        }

        static <S, T> PageView<T> of(CountedPage<S> page, Function<S, T> mapper) {
            return new PageView<>(page.content().stream().map(mapper).toList(), page.number(),
                    page.pageable().getPageSize(), page.total().value(), page.total().exact(), page.totalPages());
        }
    }
}
