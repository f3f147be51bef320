package dev.platte.omaha;

import dev.platte.fleet.InstanceStatus;
import dev.platte.fleet.KnownInstance;
import dev.platte.rollout.RolloutView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hot path's one round trip: a node's rows, its group's rollout and the catalog revision, read
 * together without a transaction or a lock. Enough to answer a check-in that changes nothing.
 */
@Component
class QuickLook {

    private static final String SQL = """
            SELECT i.ip, i.alias, i.oem, i.oem_version, i.aleph_version, i.boot_id, i.last_seen_at,
                   s.group_id, s.version, s.status, s.hold_reason, s.update_in_progress, s.last_granted_version,
                   s.last_check_at, s.retired,
                   r.package_id, r.started_at, r.canary_machine_id, r.canary_outcome,
                   (SELECT revision FROM catalog_revision) AS catalog_revision
            FROM instance_app_state s
            JOIN instance i ON i.machine_id = s.machine_id
            LEFT JOIN group_rollout r ON r.group_id = ?
            WHERE s.machine_id = ? AND s.application_id = ?""";

    private final JdbcTemplate jdbc;

    QuickLook(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty when the node is not registered for the application yet. */
    Optional<Row> read(String machineId, UUID applicationId, UUID groupId) {
        return jdbc.query(SQL, QuickLook::row, groupId, machineId, applicationId).stream().findFirst();
    }

    /** Columns by position, in the order of {@link #SQL}: looking them up by name costs more than the read. */
    private static Row row(ResultSet rs, int rowNumber) throws SQLException {
        var known = new KnownInstance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), instant(rs, 7), rs.getObject(8, UUID.class), rs.getString(9),
                InstanceStatus.fromWireName(rs.getString(10)), rs.getString(11), rs.getBoolean(12), rs.getString(13),
                instant(rs, 14), rs.getBoolean(15));
        var rolloutStart = instant(rs, 17);
        var rollout = rolloutStart == null
                ? null
                : new RolloutView(rs.getObject(16, UUID.class), rolloutStart, rs.getString(18), rs.getString(19));
        return new Row(known, rollout, rs.getLong(20));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** @param rollout the group's rollout row, or null if it has none (or the node has no group) */
    record Row(KnownInstance known, RolloutView rollout, long catalogRevision) {}
}
