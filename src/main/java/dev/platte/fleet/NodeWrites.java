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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The fleet's write path in plain JDBC, for the requests that change something (events, registrations,
 * grants, holds): one statement registers the machine and locks its state, one writes the state with its
 * status history, timeline buckets and events. The rules deciding what changes stay in {@link InstanceAppState}.
 * Runs in the caller's transaction.
 */
@Component
class NodeWrites {

    private static final String STATE_COLUMNS = """
            machine_id, application_id, group_id, version, oem, status, status_changed_at, hold_reason,
            update_in_progress, last_granted_version, last_granted_at, last_error_code, last_check_at, retired,
            created_at""";

    /**
     * Registers the machine (empty alias, OEM and aleph values never erase stored ones: an admin may have set
     * the alias), creates its state if new and locks it. The machine first, then its state, as everywhere.
     * A state another transaction created after this statement began is not seen: {@link #LOCK} then.
     * A machine whose details are as stored and whose last-seen time is within the resolution is locked but
     * not written (the rules of {@link KnownInstance#unchangedBy} and the quick path's resolution): a new row
     * version would add an entry to each of its five indexes, on every event.
     */
    private static final String REGISTER_AND_LOCK = """
            WITH machine AS (
                INSERT INTO instance AS i (machine_id, ip, alias, oem, oem_version, aleph_version, boot_id,
                                           first_seen_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                -- Reading machine (though it returns no row when nothing was written) registers it first.
                INSERT INTO instance_app_state (machine_id, application_id, group_id, version, status,
                                                status_changed_at, created_at)
                SELECT ?, ?, ?, ?, 'undefined', ?, ? WHERE (SELECT count(*) FROM machine) >= 0
                ON CONFLICT (machine_id, application_id) DO NOTHING
                RETURNING %1$s
            ), existing AS (
                SELECT %1$s FROM instance_app_state WHERE machine_id = ? AND application_id = ? FOR UPDATE
            )
            SELECT *, (SELECT revision FROM catalog_revision) FROM created
            UNION ALL
            SELECT *, (SELECT revision FROM catalog_revision) FROM existing""".formatted(STATE_COLUMNS);

    private static final String LOCK = """
            SELECT %s, (SELECT revision FROM catalog_revision) FROM instance_app_state
            WHERE machine_id = ? AND application_id = ? FOR UPDATE""".formatted(STATE_COLUMNS);

    /** Overdue updates of a group; rows another replica is handling right now are skipped, not waited for. */
    private static final String LOCK_OVERDUE = """
            SELECT %s, 0 FROM instance_app_state
            WHERE group_id = ? AND update_in_progress AND last_granted_at <= ?
            LIMIT ? FOR UPDATE SKIP LOCKED""".formatted(STATE_COLUMNS);

    /**
     * The state, its status changes (history and the groups' 5-minute timeline buckets) and its events, in
     * one statement. The census triggers on {@code instance_app_state} fire as for any update.
     */
    private static final String SAVE = """
            WITH state AS (
                UPDATE instance_app_state SET group_id = ?, version = ?, oem = ?, status = ?, status_changed_at = ?,
                    hold_reason = ?, update_in_progress = ?, last_granted_version = ?, last_granted_at = ?,
                    last_error_code = ?, last_check_at = ?, retired = ?
                WHERE machine_id = ? AND application_id = ?
            ), changes AS (
                SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::bigint[], ?::timestamptz[], ?::varchar[])
                    AS c(group_id, status, version, error_code, created_at, bucket_version)
            ), history AS (
                INSERT INTO instance_status_history (machine_id, application_id, group_id, status, version, error_code,
                                                     created_at)
                SELECT ?, ?, group_id, status, version, error_code, created_at FROM changes
            ), buckets AS (
                INSERT INTO group_status_bucket (group_id, bucket_start, status, version, stripe, changes)
                SELECT group_id, date_bin(interval '5 minutes', created_at, TIMESTAMPTZ 'epoch'), status, bucket_version,
                       ?::smallint, count(*)
                FROM changes WHERE group_id IS NOT NULL
                GROUP BY 1, 2, 3, 4
                ON CONFLICT (group_id, bucket_start, status, version, stripe)
                    DO UPDATE SET changes = group_status_bucket.changes + excluded.changes
            )
            INSERT INTO instance_event (machine_id, application_id, event_type, event_result, error_code,
                                        previous_version, reported_version, created_at)
            SELECT ?, ?, e.* FROM unnest(?::integer[], ?::integer[], ?::bigint[], ?::varchar[], ?::varchar[],
                                         ?::timestamptz[]) AS e""";

    private static final int BUCKET_STRIPES = 16;

    private final JdbcTemplate jdbc;
    private final Duration lastSeenResolution;

    NodeWrites(JdbcTemplate jdbc, FleetProperties properties) {
        this.jdbc = jdbc;
        this.lastSeenResolution = properties.lastSeenResolution();
    }

    /** Registers the machine and returns its state for the application, locked. */
    LockedState registerAndLock(Registration r) {
        var now = timestamp(r.now());
        var found = jdbc.query(REGISTER_AND_LOCK, ps -> {
            int i = 0;
            ps.setString(++i, r.machineId());
            ps.setString(++i, r.ip());
            ps.setString(++i, nullToEmpty(r.alias()));
            ps.setString(++i, nullToEmpty(r.oem()));
            ps.setString(++i, nullToEmpty(r.oemVersion()));
            ps.setString(++i, nullToEmpty(r.alephVersion()));
            ps.setString(++i, nullToEmpty(r.bootId()));
            ps.setTimestamp(++i, now);
            ps.setTimestamp(++i, now);
            ps.setLong(++i, lastSeenResolution.toMillis());
            ps.setString(++i, r.machineId());
            ps.setObject(++i, r.applicationId());
            ps.setObject(++i, r.groupId());
            ps.setString(++i, r.version());
            ps.setTimestamp(++i, now);
            ps.setTimestamp(++i, now);
            ps.setString(++i, r.machineId());
            ps.setObject(++i, r.applicationId());
        }, (rs, n) -> new LockedState(r, state(rs), rs.getLong(16))).stream().findFirst();
        return found.or(() -> jdbc.query(LOCK, (rs, n) -> new LockedState(r, state(rs), rs.getLong(16)), r.machineId(),
                r.applicationId()).stream().findFirst()).orElseThrow();
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

    /** Writes the state and what happened to it; the caller publishes the changes afterwards. */
    void save(InstanceAppState s, List<LockedState.Change> changes, List<LockedState.Reported> events) {
        jdbc.execute((Connection connection) -> {
            try (var ps = connection.prepareStatement(SAVE)) {
                int i = 0;
                ps.setObject(++i, s.groupId());
                ps.setString(++i, s.version());
                ps.setString(++i, s.oem());
                ps.setString(++i, s.status().wireName());
                ps.setTimestamp(++i, timestamp(s.statusChangedAt()));
                ps.setString(++i, s.holdReason());
                ps.setBoolean(++i, s.updateInProgress());
                ps.setString(++i, s.lastGrantedVersion());
                ps.setTimestamp(++i, timestamp(s.lastGrantedAt()));
                setLong(ps, ++i, s.lastErrorCode());
                ps.setTimestamp(++i, timestamp(s.lastCheckAt()));
                ps.setBoolean(++i, s.retired());
                ps.setString(++i, s.machineId());
                ps.setObject(++i, s.applicationId());
                var entries = changes.stream().map(LockedState.Change::entry).toList();
                ps.setArray(++i, connection.createArrayOf("uuid", entries.stream().map(StatusHistoryEntry::groupId).toArray()));
                ps.setArray(++i, connection.createArrayOf("varchar",
                        entries.stream().map(e -> e.status().wireName()).toArray()));
                ps.setArray(++i, connection.createArrayOf("varchar", entries.stream().map(StatusHistoryEntry::version).toArray()));
                ps.setArray(++i, connection.createArrayOf("bigint", entries.stream().map(StatusHistoryEntry::errorCode).toArray()));
                ps.setArray(++i, connection.createArrayOf("timestamptz",
                        entries.stream().map(e -> timestamp(e.createdAt())).toArray()));
                ps.setArray(++i, connection.createArrayOf("varchar",
                        entries.stream().map(StatusHistoryEntry::bucketVersion).toArray()));
                ps.setString(++i, s.machineId());
                ps.setObject(++i, s.applicationId());
                ps.setShort(++i, bucketStripe(s.machineId()));
                ps.setString(++i, s.machineId());
                ps.setObject(++i, s.applicationId());
                ps.setArray(++i, connection.createArrayOf("integer", events.stream().map(LockedState.Reported::type).toArray()));
                ps.setArray(++i, connection.createArrayOf("integer", events.stream().map(LockedState.Reported::result).toArray()));
                ps.setArray(++i, connection.createArrayOf("bigint", events.stream().map(LockedState.Reported::errorCode).toArray()));
                ps.setArray(++i, connection.createArrayOf("varchar",
                        events.stream().map(LockedState.Reported::previousVersion).toArray()));
                ps.setArray(++i, connection.createArrayOf("varchar",
                        events.stream().map(LockedState.Reported::reportedVersion).toArray()));
                ps.setArray(++i, connection.createArrayOf("timestamptz",
                        events.stream().map(e -> timestamp(e.at())).toArray()));
                ps.executeUpdate();
            }
            return null;
        });
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
