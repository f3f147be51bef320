package dev.platte.admin.declarative;

import dev.platte.admin.declarative.ConfigDiff.Action;
import dev.platte.admin.declarative.ConfigDiff.Change;
import dev.platte.audit.AuditTrail;
import dev.platte.catalog.Application;
import dev.platte.catalog.ApplicationService;
import dev.platte.common.ConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Export, plan and apply of configuration documents. A plan is an apply in a transaction that is rolled
 * back: it checks everything the apply would (by the same services) and reports exactly what the apply
 * would change. Both name the server state they start from by a fingerprint of the affected
 * applications' configuration; an apply given the plan's fingerprint refuses to run on any other state.
 */
@Service
public class ConfigService {

    private final ApplicationService applications;
    private final ConfigExporter exporter;
    private final ConfigApplier applier;
    private final ApplicationEventPublisher publisher;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    ConfigService(ApplicationService applications, ConfigExporter exporter, ConfigApplier applier,
            ApplicationEventPublisher publisher, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.applications = applications;
        this.exporter = exporter;
        this.applier = applier;
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * What a plan or an apply found and did.
     *
     * @param planId the fingerprint of the configuration it started from (sent as ETag; send it back as If-Match)
     * @param resultingState the fingerprint of the configuration it leads to
     * @param changeSet the audit id of an apply that changed something
     */
    public record Outcome(String planId, String resultingState, boolean applied, UUID changeSet,
            Map<String, Long> summary, List<Change> changes) {}

    /** One application's configuration, or (reference {@code null}) every application's. */
    @Transactional(readOnly = true)
    public ConfigDocument export(String applicationReference) {
        return applicationReference == null
                ? exporter.export(applications.applications(), true, true)
                : exporter.export(List.of(applications.application(applicationReference)), false, false);
    }

    /** What applying the document would change; changes nothing. */
    public Outcome plan(ConfigDocument document, boolean prune) {
        applier.checkShape(document);
        return Objects.requireNonNull(transactions.execute(status -> {
            status.setRollbackOnly();
            return run(document, prune, null, false);
        }));
    }

    /**
     * Applies the document all or nothing, as one audited change set.
     *
     * @param expectedState the plan's state; {@code null} to apply to whatever the server has now
     */
    public Outcome apply(ConfigDocument document, boolean prune, String expectedState) {
        applier.checkShape(document);
        return Objects.requireNonNull(transactions.execute(status -> {
            // Writers of these tables do not bump catalog_revision; locked before it (the order of their writers
            // that bump it too, such as the gate evaluator), so an edit made meanwhile waits for the apply
            // instead of being overwritten by it. Not group_alert_receiver: the Alertmanager receiver writes it
            // after pausing a group (catalog_revision first), and the opposite order could deadlock with it.
            jdbc.execute("LOCK TABLE group_gate, webhook, reboot_group, payload_access IN EXCLUSIVE MODE");
            // Every catalog write bumps this row (V24, V34): holding it, nothing changes under the apply.
            jdbc.queryForObject("SELECT revision FROM catalog_revision FOR UPDATE", Long.class);
            return run(document, prune, expectedState, true);
        }));
    }

    private Outcome run(ConfigDocument document, boolean prune, String expectedState, boolean apply) {
        var withWebhooks = document.webhooks() != null;
        var withRebootGroups = document.rebootGroups() != null;
        var before = exporter.export(scope(document), withWebhooks, withRebootGroups);
        var state = ConfigFormats.fingerprint(before);
        if (expectedState != null && !expectedState.equals(state)) {
            throw new ConflictException("The configuration changed since the plan (state " + expectedState
                    + ", now " + state + "): plan again and review the difference");
        }
        var actor = AuditTrail.currentActor();
        var applied = applier.apply(document, prune, actor);
        var applications = applied.applications();
        var after = exporter.export(applications.stream().distinct().toList(), withWebhooks, withRebootGroups);
        var changes = ConfigDiff.merge(ConfigDiff.between(before, after), applied.hiddenChanges());
        var summary = summary(changes);
        UUID changeSet = null;
        if (apply && !changes.isEmpty()) {
            changeSet = UUID.randomUUID();
            publisher.publishEvent(new ConfigApplied(changeSet, state, prune, summary, changes,
                    applications.size() == 1 ? applications.getFirst().id() : null, actor));
        }
        return new Outcome(state, ConfigFormats.fingerprint(after), apply, changeSet, summary, changes);
    }

    private List<Application> scope(ConfigDocument document) {
        var applications = new ArrayList<Application>();
        for (var entry : document.applications()) {
            applier.find(entry).filter(a -> !applications.contains(a)).ifPresent(applications::add);
        }
        return applications;
    }

    private static Map<String, Long> summary(List<Change> changes) {
        var summary = new LinkedHashMap<String, Long>();
        for (var action : Action.values()) {
            summary.put(action.name().toLowerCase(java.util.Locale.ROOT),
                    changes.stream().filter(c -> c.action() == action).count());
        }
        return summary;
    }
}
