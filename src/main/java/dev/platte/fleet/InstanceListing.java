package dev.platte.fleet;

import dev.platte.common.CountedPage;
import dev.platte.database.CountedQueries;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The instance lists of pages and API: filtered, searched, sorted and paged, with how many match.
 *
 * <p>At a million instances neither an exact count nor a sort of every match may run per request: see
 * {@link CountedQueries} (V60 to V62 index each sort the pages offer).
 */
@Service
@Transactional(readOnly = true)
public class InstanceListing {

    /** API sort properties and their columns (each led by an index); pages offer the first three. */
    static final Map<String, String> SORTABLE = Map.of(
            "lastCheckAt", "s.last_check_at",
            "version", "s.version",
            "status", "s.status",
            "statusChangedAt", "s.status_changed_at",
            "lastGrantedAt", "s.last_granted_at",
            "createdAt", "s.created_at");

    private final CountedQueries queries;
    private final InstanceRepository instances;
    private final InstanceAppStateRepository states;
    private final FleetProperties properties;
    private final Clock clock;

    InstanceListing(CountedQueries queries, InstanceRepository instances,
            InstanceAppStateRepository states, FleetProperties properties, Clock clock) {
        this.queries = queries;
        this.instances = instances;
        this.states = states;
        this.properties = properties;
        this.clock = clock;
    }

    /** A group's instances, optionally of one status or version. */
    public CountedPage<InstanceRow> instancesOfGroup(UUID groupId, InstanceStatus status, String version, Pageable page) {
        return instances(new InstanceQuery(null, groupId, status, version, null, null, false), page);
    }

    /** Instances with their state per application, filtered, searched and paged. */
    public CountedPage<InstanceRow> instances(InstanceQuery q, Pageable page) {
        var filter = filter(q);
        var found = queries.page("s", filter.sql(), filter.args(), "s.machine_id, s.application_id",
                CountedQueries.orderBy(page.getSort(), SORTABLE, "s.last_check_at DESC"), page,
                (rs, row) -> new InstanceAppId(rs.getString(1), rs.getObject(2, UUID.class)));
        return new CountedPage<>(rows(found.content()), page, found.total(), found.hasNext());
    }

    private List<InstanceRow> rows(List<InstanceAppId> ids) {
        var stateById = states.findAllById(ids).stream()
                .collect(Collectors.toMap(InstanceAppState::id, Function.identity()));
        var instanceById = instances.findAllById(ids.stream().map(InstanceAppId::machineId).distinct().toList())
                .stream().collect(Collectors.toMap(Instance::machineId, Function.identity()));
        // A row deleted between the two reads is left out.
        return ids.stream().filter(id -> stateById.containsKey(id) && instanceById.containsKey(id.machineId()))
                .map(id -> new InstanceRow(instanceById.get(id.machineId()), stateById.get(id)))
                .toList();
    }

    private record Filter(String sql, List<Object> args) {}

    /** FROM and WHERE of the query's instances. */
    private Filter filter(InstanceQuery q) {
        var now = clock.instant();
        var where = new ArrayList<String>();
        var args = new ArrayList<Object>();
        var joinInstance = false;
        if (q.applicationId() != null) {
            where.add("s.application_id = ?");
            args.add(q.applicationId());
        }
        if (q.groupId() != null) {
            where.add("s.group_id = ?");
            args.add(q.groupId());
        }
        if (q.status() != null) {
            where.add("s.status = ?");
            args.add(q.status().wireName());
        }
        if (q.version() != null && !q.version().isBlank()) {
            where.add("s.version = ?");
            args.add(q.version());
        }
        if (q.search() != null && !q.search().isBlank()) {
            var prefix = q.search().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.add("(i.machine_id LIKE ? OR lower(i.alias) LIKE ? OR i.ip LIKE ?)");
            args.addAll(List.of(prefix, prefix.toLowerCase(Locale.ROOT), prefix));
            joinInstance = true;
        }
        if (q.notSeenFor() != null) {
            where.add("i.last_seen_at <= ?");
            args.add(Timestamp.from(now.minus(q.notSeenFor())));
            joinInstance = true;
        }
        if (q.hideRetired()) {
            // Retired: no update check for the retirement age (or never one, registered that long ago).
            where.add("coalesce(s.last_check_at, s.created_at) > ?");
            args.add(Timestamp.from(now.minus(properties.retiredAfter())));
        }
        var sql = "FROM instance_app_state s"
                + (joinInstance ? " JOIN instance i ON i.machine_id = s.machine_id" : "")
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
        return new Filter(sql, args);
    }
}
