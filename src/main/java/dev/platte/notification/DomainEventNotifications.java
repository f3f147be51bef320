package dev.platte.notification;

import dev.platte.catalog.Application;
import dev.platte.catalog.CatalogService;
import dev.platte.catalog.PackageRevoked;
import dev.platte.catalog.RollbackStarted;
import dev.platte.gate.GateBreached;
import dev.platte.gate.GateRecovered;
import dev.platte.rollout.GroupPaused;
import dev.platte.rollout.GroupResumed;
import dev.platte.rollout.PauseCause;
import dev.platte.rollout.RolloutCompleted;
import dev.platte.rollout.RolloutStarted;
import dev.platte.rollout.WaveStarted;
import dev.platte.sync.SyncFailed;
import dev.platte.sync.SyncRecovered;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns the domain's events into notifications, just before the transaction that raised them commits:
 * their outbox rows commit with the change, and a change that rolls back tells nobody. (Without a
 * transaction, which no publisher has today, the rows are written in one of their own.)
 */
@Component
class DomainEventNotifications {

    private final WebhookService webhooks;
    private final CatalogService catalog;
    private final Clock clock;

    DomainEventNotifications(WebhookService webhooks, CatalogService catalog, Clock clock) {
        this.webhooks = webhooks;
        this.catalog = catalog;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(RolloutStarted event) {
        var app = application(event.applicationId());
        var data = groupData(app, event.applicationId(), event.groupId(), event.groupName());
        data.put("channelId", string(event.channelId()));
        data.put("packageId", event.packageId().toString());
        data.put("version", event.version());
        data.put("previousVersion", event.previousVersion());
        data.put("startedAt", event.at().toString());
        publish(NotificationType.ROLLOUT_STARTED, event.at(), event.applicationId(), event.groupId(),
                "Rollout of %s started in group %s of %s%s".formatted(event.version(), event.groupName(), name(app),
                        event.previousVersion() == null ? "" : " (was " + event.previousVersion() + ")"),
                data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(RolloutCompleted event) {
        var app = application(event.applicationId());
        var data = groupData(app, event.applicationId(), event.groupId(), event.groupName());
        data.put("version", event.version());
        data.put("startedAt", event.startedAt().toString());
        data.put("completedAt", event.completedAt().toString());
        data.put("attempts", event.attempts());
        data.put("failures", event.failures());
        publish(NotificationType.ROLLOUT_COMPLETED, event.completedAt(), event.applicationId(), event.groupId(),
                "Every active instance of group %s of %s runs %s (%d update(s), %d failure(s))".formatted(
                        event.groupName(), name(app), event.version(), event.attempts(), event.failures()),
                data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(GroupPaused event) {
        var app = application(event.applicationId());
        var data = groupData(app, event.applicationId(), event.groupId(), event.groupName());
        data.put("cause", event.cause().name().toLowerCase(Locale.ROOT));
        data.put("pausedBy", event.actor());
        data.put("reason", event.reason());
        data.put("targetVersion", event.targetVersion());
        data.put("attempts", event.attempts());
        data.put("failures", event.failures());
        data.put("pausedAt", event.at().toString());
        var by = event.cause() == PauseCause.PERSON ? "by " + event.actor() : "automatically (" + event.actor() + ")";
        publish(NotificationType.GROUP_PAUSED, event.at(), event.applicationId(), event.groupId(),
                "Group %s of %s paused %s: %s".formatted(event.groupName(), name(app), by, event.reason()), data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(GroupResumed event) {
        var app = application(event.applicationId());
        var data = groupData(app, event.applicationId(), event.groupId(), event.groupName());
        data.put("resumedBy", event.actor());
        data.put("reason", event.reason());
        data.put("pausedReason", event.pausedReason());
        data.put("pausedAt", string(event.pausedAt()));
        data.put("resumedAt", event.at().toString());
        publish(NotificationType.GROUP_RESUMED, event.at(), event.applicationId(), event.groupId(),
                "Group %s of %s resumed by %s%s (was paused: %s)".formatted(event.groupName(), name(app), event.actor(),
                        event.reason() == null ? "" : ": " + event.reason(), event.pausedReason()),
                data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(GateBreached event) {
        var app = application(event.applicationId());
        var data = groupData(app, event.applicationId(), event.groupId(), event.groupName());
        data.put("gateId", event.gateId().toString());
        data.put("gate", event.gateName());
        data.put("query", event.query());
        data.put("value", event.value());
        data.put("breachingSince", string(event.since()));
        data.put("pausedGroup", event.pausedGroup());
        data.put("breachedAt", event.at().toString());
        publish(NotificationType.GATE_BREACHED, event.at(), event.applicationId(), event.groupId(),
                "Gate %s of group %s of %s breached (%s)%s".formatted(event.gateName(), event.groupName(), name(app),
                        event.value() == null ? "no sample" : "value " + event.value(),
                        event.pausedGroup() ? ": the group paused" : " while the group was paused already"),
                data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(GateRecovered event) {
        var app = application(event.applicationId());
        var data = groupData(app, event.applicationId(), event.groupId(), event.groupName());
        data.put("gateId", event.gateId().toString());
        data.put("gate", event.gateName());
        data.put("recoveredAt", event.at().toString());
        publish(NotificationType.GATE_RECOVERED, event.at(), event.applicationId(), event.groupId(),
                "Gate %s of group %s of %s recovered (the group stays paused until resumed)".formatted(
                        event.gateName(), event.groupName(), name(app)),
                data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(WaveStarted event) {
        var app = application(event.applicationId());
        var data = groupData(app, event.applicationId(), event.groupId(), event.groupName());
        data.put("version", event.version());
        data.put("previousGroupId", event.previousGroupId().toString());
        data.put("previousGroup", event.previousGroupName());
        data.put("previousPercentOnVersion", event.percentOnTarget());
        data.put("completionPercent", event.completionPercent());
        data.put("readySince", string(event.readySince()));
        data.put("startedAt", event.at().toString());
        publish(NotificationType.WAVE_STARTED, event.at(), event.applicationId(), event.groupId(),
                "Wave %s of %s started rolling out %s after wave %s (%d%% of its active nodes on it)".formatted(
                        event.groupName(), name(app), event.version(), event.previousGroupName(),
                        event.percentOnTarget()),
                data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(PackageRevoked event) {
        var app = application(event.applicationId());
        var data = applicationData(app, event.applicationId());
        data.put("packageId", event.packageId().toString());
        data.put("version", event.version());
        data.put("arch", event.arch().wireName());
        data.put("channelId", string(event.channelId()));
        data.put("channel", event.channelName());
        data.put("reason", event.reason());
        data.put("revokedBy", event.actor());
        data.put("revokedAt", event.at().toString());
        var where = event.channelName() == null ? "every channel" : "channel " + event.channelName();
        publish(NotificationType.PACKAGE_REVOKED, event.at(), event.applicationId(), null,
                "%s (%s) of %s revoked from %s by %s: %s".formatted(event.version(), event.arch().wireName(), name(app),
                        where, event.actor(), event.reason()),
                data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(RollbackStarted event) {
        var app = application(event.applicationId());
        var data = applicationData(app, event.applicationId());
        data.put("channelId", event.channelId().toString());
        data.put("channel", event.channelName());
        data.put("arch", event.arch().wireName());
        data.put("fromPackageId", event.fromPackageId().toString());
        data.put("fromVersion", event.fromVersion());
        data.put("toPackageId", event.toPackageId().toString());
        data.put("toVersion", event.toVersion());
        data.put("reason", event.reason());
        data.put("revoked", event.revoked());
        data.put("rolledBackBy", event.actor());
        data.put("startedAt", event.at().toString());
        publish(NotificationType.ROLLBACK_STARTED, event.at(), event.applicationId(), null,
                "Channel %s (%s) of %s rolled back from %s to %s by %s%s: %s".formatted(event.channelName(),
                        event.arch().wireName(), name(app), event.fromVersion(), event.toVersion(), event.actor(),
                        event.revoked() ? " (" + event.fromVersion() + " revoked)" : "", event.reason()),
                data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(SyncFailed event) {
        var app = catalog.findApplication(event.application());
        var applicationId = app.map(Application::id).orElse(null);
        var data = syncData(app, event.upstream(), event.channel(), event.arch());
        data.put("error", event.error());
        data.put("lastSuccessAt", string(event.lastSuccessAt()));
        data.put("failedAt", event.at().toString());
        publish(NotificationType.SYNC_FAILED, event.at(), applicationId, null,
                "Sync from %s, %s/%s failed: %s".formatted(event.upstream(), event.channel(), event.arch(), event.error()),
                data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(SyncRecovered event) {
        var app = catalog.findApplication(event.application());
        var applicationId = app.map(Application::id).orElse(null);
        var data = syncData(app, event.upstream(), event.channel(), event.arch());
        data.put("version", event.version());
        data.put("lastError", event.lastError());
        data.put("lastSuccessAt", string(event.lastSuccessAt()));
        data.put("recoveredAt", event.at().toString());
        publish(NotificationType.SYNC_RECOVERED, event.at(), applicationId, null,
                "Sync from %s, %s/%s works again (upstream at %s)".formatted(event.upstream(), event.channel(),
                        event.arch(), event.version()),
                data);
    }

    private void publish(NotificationType type, Instant at, UUID applicationId, UUID groupId, String summary,
            Map<String, Object> data) {
        webhooks.publish(new Notification(UUID.randomUUID(), type, at == null ? clock.instant() : at, applicationId,
                groupId, summary, data));
    }

    private Optional<Application> application(UUID id) {
        return id == null ? Optional.empty() : catalog.findApplication(id.toString());
    }

    private static LinkedHashMap<String, Object> applicationData(Optional<Application> app, UUID applicationId) {
        var data = new LinkedHashMap<String, Object>();
        data.put("applicationId", string(applicationId));
        data.put("application", app.map(Application::name).orElse(null));
        return data;
    }

    private static LinkedHashMap<String, Object> groupData(Optional<Application> app, UUID applicationId, UUID groupId,
            String groupName) {
        var data = applicationData(app, applicationId);
        data.put("groupId", groupId.toString());
        data.put("group", groupName);
        return data;
    }

    private static LinkedHashMap<String, Object> syncData(Optional<Application> app, String upstream, String channel,
            String arch) {
        var data = applicationData(app, app.map(Application::id).orElse(null));
        data.put("upstream", upstream);
        data.put("channel", channel);
        data.put("arch", arch);
        return data;
    }

    private static String name(Optional<Application> app) {
        return app.map(Application::name).orElse("an unknown application");
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
