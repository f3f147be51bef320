package dev.platte.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The fleet's write path in plain JDBC, for the requests that change something (events, registrations,
 * grants, holds): one statement registers machines and locks their states, one writes the states with their
 * status history, timeline buckets and events, whether for one node or for the reports of many written
 * together. The rules deciding what changes stay in {@link InstanceAppState}. Runs in the caller's transaction.
 */
@Component
class NodeWrites {

    private static final String STATE_COLUMNS = """
            machine_id, application_id, group_id, version, oem, status, status_changed_at, hold_reason,
            update_in_progress, last_granted_version, last_granted_at, last_error_code, last_check_at, retired,
            created_at""";

    /**
     * Registers machines (empty alias, OEM and aleph values never erase stored ones: an admin may have set
     * the alias), creates their states if new and locks them: one statement for any number of distinct
     * machines. The machines first, then their states, each in machine-id order, so that two writers never
     * wait for each other in a circle. A state another transaction created after this statement began is
     * not seen: {@link #LOCK} then. A machine whose details are as stored and whose last-seen time is within
     * the resolution is locked but not written (the rules of {@link KnownInstance#unchangedBy} and the quick
     * path's resolution): a new row version would add an entry to each of its five indexes, on every event.
     */
    private static final String REGISTER_AND_LOCK = """
            WITH input AS (
                SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                     ?::varchar[], ?::uuid[], ?::uuid[], ?::varchar[], ?::timestamptz[])
                    AS r(machine_id, ip, alias, oem, oem_version, aleph_version, boot_id, application_id, group_id,
                         version, seen_at)
            ), machine AS (
                INSERT INTO instance AS i (machine_id, ip, alias, oem, oem_version, aleph_version, boot_id,
                                           first_seen_at, last_seen_at)
                SELECT machine_id, ip, alias, oem, oem_version, aleph_version, boot_id, seen_at, seen_at
                FROM input ORDER BY machine_id
                ON CONFLICT (machine_id) DO UPDATE SET
                    ip = excluded.ip,
                    alias = CASE WHEN excluded.alias <> '' THEN excluded.alias ELSE i.alias END,
                    oem = CASE WHEN excluded.oem <> '' THEN excluded.oem ELSE i.oem END,
                    oem_version = CASE WHEN excluded.oem_version <> '' THEN excluded.oem_version ELSE i.oem_version END,
                    aleph_version = CASE WHEN excluded.aleph_version <> '' THEN excluded.aleph_version ELSE i.aleph_version END,
                    boot_id = CASE WHEN excluded.boot_id <> '' THEN excluded.boot_id ELSE i.boot_id END,
                    last_seen_at = GREATEST(i.last_seen_at, excluded.last_seen_at)
                WHERE i.ip IS DISTINCT FROM excluded.ip
                    OR excluded.alias <> '' AND excluded.alias IS DISTINCT FROM i.alias
                    OR excluded.oem <> '' AND excluded.oem IS DISTINCT FROM i.oem
                    OR excluded.oem_version <> '' AND excluded.oem_version IS DISTINCT FROM i.oem_version
                    OR excluded.aleph_version <> '' AND excluded.aleph_version IS DISTINCT FROM i.aleph_version
                    OR excluded.boot_id <> '' AND excluded.boot_id IS DISTINCT FROM i.boot_id
                    OR i.last_seen_at IS NULL
                    OR i.last_seen_at < excluded.last_seen_at - ? * interval '1 millisecond'
                RETURNING machine_id
            ), created AS (
                -- Reading machine (though it returns no row when nothing was written) registers them first.
                INSERT INTO instance_app_state (machine_id, application_id, group_id, version, status,
                                                status_changed_at, created_at)
                SELECT machine_id, application_id, group_id, version, 'undefined', seen_at, seen_at
                FROM input WHERE (SELECT count(*) FROM machine) >= 0 ORDER BY machine_id
                ON CONFLICT (machine_id, application_id) DO NOTHING
                RETURNING %1$s
            ), existing AS (
                SELECT %1$s FROM instance_app_state
                WHERE (machine_id, application_id) IN (SELECT machine_id, application_id FROM input)
                ORDER BY machine_id FOR UPDATE
            )
            SELECT *, (SELECT revision FROM catalog_revision) FROM created
            UNION ALL
            SELECT *, (SELECT revision FROM catalog_revision) FROM existing""".formatted(STATE_COLUMNS);

    /**
     * PostgreSQL plans a statement afresh on every call while a plan for its parameters' values looks
     * cheaper than its generic plan: with arrays it always does (it counts their elements), and planning
     * {@link #REGISTER_AND_LOCK} or {@link #SAVE} took longer than running them (1.3 against 0.5 ms). Their
     * generic plan, index lookups per row, suits any number of nodes. For the rest of the transaction only.
     */
    private static final String GENERIC_PLANS = "SET LOCAL plan_cache_mode = force_generic_plan";

    private static final String LOCK = """
            SELECT %s, (SELECT revision FROM catalog_revision) FROM instance_app_state
            WHERE machine_id = ? AND application_id = ? FOR UPDATE""".formatted(STATE_COLUMNS);

    /** Overdue updates of a group; rows another replica is handling right now are skipped, not waited for. */
    private static final String LOCK_OVERDUE = """
            SELECT %s, 0 FROM instance_app_state
            WHERE group_id = ? AND update_in_progress AND last_granted_at <= ?
            LIMIT ? FOR UPDATE SKIP LOCKED""".formatted(STATE_COLUMNS);

    /**
     * States, their status changes (history and the groups' 5-minute timeline buckets) and their events, for
     * any number of locked states, in one statement. The buckets are added up first, so each row is
     * written once, in key order: statements that each wrote several rows in their own order and held them
     * until commit would wait for each other in a circle. The census triggers on {@code instance_app_state}
     * fire as for any update.
     */
    private static final String SAVE = """
            WITH input AS (
                SELECT * FROM unnest(?::varchar[], ?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[],
                                     ?::timestamptz[], ?::varchar[], ?::boolean[], ?::varchar[], ?::timestamptz[],
                                     ?::bigint[], ?::timestamptz[], ?::boolean[])
                    AS n(machine_id, application_id, group_id, version, oem, status, status_changed_at, hold_reason,
                         update_in_progress, last_granted_version, last_granted_at, last_error_code, last_check_at,
                         retired)
            ), state AS (
                UPDATE instance_app_state s SET group_id = n.group_id, version = n.version, oem = n.oem,
                    status = n.status, status_changed_at = n.status_changed_at, hold_reason = n.hold_reason,
                    update_in_progress = n.update_in_progress, last_granted_version = n.last_granted_version,
                    last_granted_at = n.last_granted_at, last_error_code = n.last_error_code,
                    last_check_at = n.last_check_at, retired = n.retired
                FROM input n
                WHERE s.machine_id = n.machine_id AND s.application_id = n.application_id
            ), changes AS (
                SELECT * FROM unnest(?::varchar[], ?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[], ?::bigint[],
                                     ?::timestamptz[], ?::varchar[])
                    AS c(machine_id, application_id, group_id, status, version, error_code, created_at, bucket_version)
            ), history AS (
                INSERT INTO instance_status_history (machine_id, application_id, group_id, status, version, error_code,
                                                     created_at)
                SELECT machine_id, application_id, group_id, status, version, error_code, created_at FROM changes
            ), buckets AS (
                INSERT INTO group_status_bucket (group_id, bucket_start, status, version, stripe, changes)
                SELECT group_id, date_bin(interval '5 minutes', created_at, TIMESTAMPTZ 'epoch'), status, bucket_version,
                       ?::smallint, count(*)
                FROM changes WHERE group_id IS NOT NULL
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                ON CONFLICT (group_id, bucket_start, status, version, stripe)
                    DO UPDATE SET changes = group_status_bucket.changes + excluded.changes
            )
            INSERT INTO instance_event (machine_id, application_id, event_type, event_result, error_code,
                                        previous_version, reported_version, created_at)
            SELECT * FROM unnest(?::varchar[], ?::uuid[], ?::integer[], ?::integer[], ?::bigint[], ?::varchar[],
                                 ?::varchar[], ?::timestamptz[])""";

    private static final int BUCKET_STRIPES = 16;

    private final JdbcTemplate jdbc;
    private final Duration lastSeenResolution;

    NodeWrites(JdbcTemplate jdbc, FleetProperties properties) {
        this.jdbc = jdbc;
        this.lastSeenResolution = properties.lastSeenResolution();
    }

    /**
     * Registers the machines and returns their states for the applications, locked, in the order given.
     * One registration per machine: a statement cannot write one row twice.
     */
    List<LockedState> registerAndLock(List<Registration> registrations) {
        var byMachine = new HashMap<String, Registration>();
        registrations.forEach(r -> {
            if (byMachine.put(r.machineId(), r) != null) {
                throw new IllegalArgumentException("machine " + r.machineId() + " registered twice in one statement");
            }
        });
        var locked = new HashMap<String, LockedState>();
        jdbc.execute((Connection connection) -> {
            try (var set = connection.createStatement()) {
                set.execute(GENERIC_PLANS);
            }
            try (var ps = connection.prepareStatement(REGISTER_AND_LOCK)) {
                int i = 0;
                ps.setArray(++i, array(connection, "varchar", registrations, Registration::machineId));
                ps.setArray(++i, array(connection, "varchar", registrations, Registration::ip));
                ps.setArray(++i, array(connection, "varchar", registrations, r -> nullToEmpty(r.alias())));
                ps.setArray(++i, array(connection, "varchar", registrations, r -> nullToEmpty(r.oem())));
                ps.setArray(++i, array(connection, "varchar", registrations, r -> nullToEmpty(r.oemVersion())));
                ps.setArray(++i, array(connection, "varchar", registrations, r -> nullToEmpty(r.alephVersion())));
                ps.setArray(++i, array(connection, "varchar", registrations, r -> nullToEmpty(r.bootId())));
                ps.setArray(++i, array(connection, "uuid", registrations, Registration::applicationId));
                ps.setArray(++i, array(connection, "uuid", registrations, Registration::groupId));
                ps.setArray(++i, array(connection, "varchar", registrations, Registration::version));
                ps.setArray(++i, array(connection, "timestamptz", registrations, r -> timestamp(r.now())));
                ps.setLong(++i, lastSeenResolution.toMillis());
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var state = state(rs);
                        locked.put(state.machineId(), new LockedState(byMachine.get(state.machineId()), state,
                                rs.getLong(16)));
                    }
                }
            }
            return null;
        });
        return registrations.stream()
                .map(r -> locked.computeIfAbsent(r.machineId(), id -> jdbc.query(LOCK,
                        (rs, n) -> new LockedState(r, state(rs), rs.getLong(16)), r.machineId(), r.applicationId())
                        .stream().findFirst().orElseThrow()))
                .toList();
    }

    /** Those of these machines Platte has registered. */
    List<String> knownMachines(Collection<String> machineIds) {
        if (machineIds.size() == 1) {
            // A node's request names one machine. PostgreSQL plans "= ANY (?)" afresh on every call, which
            // took four times as long as running it.
            return jdbc.queryForList("SELECT machine_id FROM instance WHERE machine_id = ?", String.class,
                    machineIds.iterator().next());
        }
        return jdbc.execute((Connection connection) -> {
            try (var ps = connection.prepareStatement("SELECT machine_id FROM instance WHERE machine_id = ANY (?)")) {
                ps.setArray(1, connection.createArrayOf("varchar", machineIds.toArray()));
                try (var rs = ps.executeQuery()) {
                    var known = new ArrayList<String>();
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                    return known;
                }
            }
        });
    }

    /** Up to {@code limit} states of the group whose update was granted at or before {@code grantedBefore}, locked. */
    List<InstanceAppState> lockOverdue(UUID groupId, Instant grantedBefore, int limit) {
        return jdbc.query(LOCK_OVERDUE, (rs, n) -> state(rs), groupId, timestamp(grantedBefore), limit);
    }

    /**
     * Writes the states and what happened to them, in one statement (of any number of nodes); the caller
     * publishes the changes afterwards. Their timeline buckets are counted in the first node's stripe.
     */
    void save(List<LockedState> nodes) {
        var states = nodes.stream().map(LockedState::state).toList();
        var entries = nodes.stream().flatMap(node -> node.changes.stream()).map(LockedState.Change::entry).toList();
        var events = new ArrayList<Map.Entry<InstanceAppState, LockedState.Reported>>();
        nodes.forEach(node -> node.events.forEach(event -> events.add(Map.entry(node.state(), event))));
        jdbc.execute((Connection connection) -> {
            try (var ps = connection.prepareStatement(SAVE)) {
                int i = 0;
                ps.setArray(++i, array(connection, "varchar", states, InstanceAppState::machineId));
                ps.setArray(++i, array(connection, "uuid", states, InstanceAppState::applicationId));
                ps.setArray(++i, array(connection, "uuid", states, InstanceAppState::groupId));
                ps.setArray(++i, array(connection, "varchar", states, InstanceAppState::version));
                ps.setArray(++i, array(connection, "varchar", states, InstanceAppState::oem));
                ps.setArray(++i, array(connection, "varchar", states, s -> s.status().wireName()));
                ps.setArray(++i, array(connection, "timestamptz", states, s -> timestamp(s.statusChangedAt())));
                ps.setArray(++i, array(connection, "varchar", states, InstanceAppState::holdReason));
                ps.setArray(++i, array(connection, "boolean", states, InstanceAppState::updateInProgress));
                ps.setArray(++i, array(connection, "varchar", states, InstanceAppState::lastGrantedVersion));
                ps.setArray(++i, array(connection, "timestamptz", states, s -> timestamp(s.lastGrantedAt())));
                ps.setArray(++i, array(connection, "bigint", states, InstanceAppState::lastErrorCode));
                ps.setArray(++i, array(connection, "timestamptz", states, s -> timestamp(s.lastCheckAt())));
                ps.setArray(++i, array(connection, "boolean", states, InstanceAppState::retired));
                ps.setArray(++i, array(connection, "varchar", entries, StatusHistoryEntry::machineId));
                ps.setArray(++i, array(connection, "uuid", entries, StatusHistoryEntry::applicationId));
                ps.setArray(++i, array(connection, "uuid", entries, StatusHistoryEntry::groupId));
                ps.setArray(++i, array(connection, "varchar", entries, e -> e.status().wireName()));
                ps.setArray(++i, array(connection, "varchar", entries, StatusHistoryEntry::version));
                ps.setArray(++i, array(connection, "bigint", entries, StatusHistoryEntry::errorCode));
                ps.setArray(++i, array(connection, "timestamptz", entries, e -> timestamp(e.createdAt())));
                ps.setArray(++i, array(connection, "varchar", entries, StatusHistoryEntry::bucketVersion));
                ps.setShort(++i, bucketStripe(states.getFirst().machineId()));
                ps.setArray(++i, array(connection, "varchar", events, e -> e.getKey().machineId()));
                ps.setArray(++i, array(connection, "uuid", events, e -> e.getKey().applicationId()));
                ps.setArray(++i, array(connection, "integer", events, e -> e.getValue().type()));
                ps.setArray(++i, array(connection, "integer", events, e -> e.getValue().result()));
                ps.setArray(++i, array(connection, "bigint", events, e -> e.getValue().errorCode()));
                ps.setArray(++i, array(connection, "varchar", events, e -> e.getValue().previousVersion()));
                ps.setArray(++i, array(connection, "varchar", events, e -> e.getValue().reportedVersion()));
                ps.setArray(++i, array(connection, "timestamptz", events, e -> timestamp(e.getValue().at())));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static <T> java.sql.Array array(Connection connection, String type, List<T> rows,
            Function<? super T, ?> column) throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(column).toArray());
    }

    /** Columns by position, in the order of {@link #STATE_COLUMNS}. */
    private static InstanceAppState state(ResultSet rs) throws SQLException {
        return new InstanceAppState(new InstanceAppId(rs.getString(1), rs.getObject(2, UUID.class)),
                rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                InstanceStatus.fromWireName(rs.getString(6)), instant(rs, 7), rs.getString(8), rs.getBoolean(9),
                rs.getString(10), instant(rs, 11), rs.getObject(12, Long.class), instant(rs, 13), rs.getBoolean(14),
                instant(rs, 15));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant).orElse(null);
    }

    /**
     * PostgreSQL keeps microseconds: rounded here as the driver rounds what JPA writes (half up), so a time
     * written here equals the same instant written there (a rollout's start and the state that started it).
     */
    /**
     * Which of a timeline bucket's rows a node's changes are counted in: nodes of one group changing status at
     * once update different rows instead of queueing for one row's lock until each commit.
     */
    static short bucketStripe(String machineId) {
        return (short) Math.floorMod(machineId.hashCode(), BUCKET_STRIPES);
    }

    static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at.plusNanos(500).truncatedTo(ChronoUnit.MICROS));
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
