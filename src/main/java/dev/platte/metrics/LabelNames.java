package dev.platte.metrics;

import dev.platte.catalog.Application;
import dev.platte.catalog.CatalogService;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Application and group names for metric labels (names, not ids, so dashboards read well; a group's
 * name is unique within its application). Reloaded with the gauges, and at once when an id is unknown.
 */
@Component
class LabelNames {

    /** The group label of instances that belong to no group (their track matches none). */
    static final String NO_GROUP = "(none)";

    private final CatalogService catalog;
    private final GroupService groups;
    private final TransactionTemplate newTransaction;
    private volatile Map<UUID, String> applicationNames = Map.of();
    private volatile Map<UUID, String> groupNames = Map.of();

    LabelNames(CatalogService catalog, GroupService groups, PlatformTransactionManager transactionManager) {
        this.catalog = catalog;
        this.groups = groups;
        // Counters look names up after the commit of the change they count, when the finished
        // transaction's resources are still bound: a miss reads in a transaction of its own.
        this.newTransaction = new TransactionTemplate(transactionManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.newTransaction.setReadOnly(true);
    }

    void reload() {
        newTransaction.executeWithoutResult(tx -> {
            applicationNames = catalog.applications().stream()
                    .collect(Collectors.toUnmodifiableMap(Application::id, Application::name));
            groupNames = groups.allGroups().stream()
                    .collect(Collectors.toUnmodifiableMap(UpdateGroup::id, UpdateGroup::name));
        });
    }

    Set<UUID> applicationIds() {
        return applicationNames.keySet();
    }

    String application(UUID id) {
        return name(id, true);
    }

    String group(UUID id) {
        return id == null ? NO_GROUP : name(id, false);
    }

    /** A name, reloading once if it is not known yet; the id itself if it is gone (deleted meanwhile). */
    private String name(UUID id, boolean application) {
        var name = (application ? applicationNames : groupNames).get(id);
        if (name == null) {
            reload();
            name = (application ? applicationNames : groupNames).get(id);
        }
        return name == null ? id.toString() : name;
    }
}
