package dev.platte.fleetlock;

import dev.platte.database.AdvisoryLock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reboot group tables in SQL: the semaphore needs row locks, upserts and a ring of refusals, which
 * read better as statements than as entity juggling. Every method runs in the caller's transaction.
 */
@Repository
class RebootGroupRepository {

    private final JdbcClient jdbc;

    RebootGroupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record GroupRow(String name, int slots, Tie tie, UUID tiedGroupId, Integer maxHoldSeconds, boolean windowsOnly,
            boolean configured, Instant createdAt, Instant lastUsedAt) {

        Duration maxHold() {
            return maxHoldSeconds == null ? null : Duration.ofSeconds(maxHoldSeconds);
        }
    }

    record HolderRow(String groupName, String holderId, Instant acquiredAt, boolean knownInstance) {}

    record RefusalRow(String groupName, String holderId, String kind, String message, Instant refusedAt) {}

    record ExpiredRow(String groupName, String holderId, Instant acquiredAt, int maxHoldSeconds, Tie tie,
            UUID tiedGroupId, boolean knownInstance) {}

    private static final String GROUP_COLUMNS =
            "name, slots, tie, tied_group_id, max_hold_seconds, windows_only, configured, created_at, last_used_at";

    /** The group's row, locked until the transaction ends: whoever holds it decides about the slots. */
    Optional<GroupRow> lockGroup(String name) {
        return jdbc.sql("SELECT " + GROUP_COLUMNS + " FROM reboot_group WHERE name = :name FOR UPDATE")
                .param("name", name).query(RebootGroupRepository::group).optional();
    }

    Optional<GroupRow> findGroup(String name) {
        return jdbc.sql("SELECT " + GROUP_COLUMNS + " FROM reboot_group WHERE name = :name")
                .param("name", name).query(RebootGroupRepository::group).optional();
    }

    List<GroupRow> allGroups() {
        return jdbc.sql("SELECT " + GROUP_COLUMNS + " FROM reboot_group ORDER BY name")
                .query(RebootGroupRepository::group).list();
    }

    /**
     * Creates a group a client named, unless clients already created {@code max}; false when refused. One
     * creation at a time (a transaction-scoped advisory lock), so concurrent replicas cannot overshoot.
     */
    boolean createAnonymous(String name, int slots, int max, Instant now) {
        AdvisoryLock.REBOOT_GROUP_CREATION.lockUntilCommit(jdbc);
        var anonymous = jdbc.sql("SELECT count(*) FROM reboot_group WHERE NOT configured").query(Long.class).single();
        if (anonymous >= max) {
            return findGroup(name).isPresent();
        }
        jdbc.sql("""
                INSERT INTO reboot_group (name, slots, created_at, last_used_at) VALUES (:name, :slots, :now, :now)
                ON CONFLICT (name) DO NOTHING""")
                .param("name", name).param("slots", slots).param("now", Timestamp.from(now)).update();
        return true;
    }

    /** Creates or replaces an admin's configuration; the holders stay. */
    void upsertConfigured(String name, int slots, Tie tie, UUID tiedGroupId, Integer maxHoldSeconds,
            boolean windowsOnly, Instant now) {
        jdbc.sql("""
                INSERT INTO reboot_group (name, slots, tie, tied_group_id, max_hold_seconds, windows_only, configured,
                                          created_at, last_used_at)
                VALUES (:name, :slots, :tie, :tiedGroupId, :maxHold, :windowsOnly, true, :now, :now)
                ON CONFLICT (name) DO UPDATE SET slots = excluded.slots, tie = excluded.tie,
                    tied_group_id = excluded.tied_group_id, max_hold_seconds = excluded.max_hold_seconds,
                    windows_only = excluded.windows_only, configured = true""")
                .param("name", name).param("slots", slots).param("tie", tie.wireName())
                .param("tiedGroupId", tiedGroupId).param("maxHold", maxHoldSeconds)
                .param("windowsOnly", windowsOnly).param("now", Timestamp.from(now)).update();
    }

    boolean deleteGroup(String name) {
        return jdbc.sql("DELETE FROM reboot_group WHERE name = :name").param("name", name).update() > 0;
    }

    void touch(String name, Instant now) {
        jdbc.sql("UPDATE reboot_group SET last_used_at = :now WHERE name = :name")
                .param("name", name).param("now", Timestamp.from(now)).update();
    }

    boolean holds(String group, String holderId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM reboot_lock WHERE group_name = :group AND holder_id = :holder)")
                .param("group", group).param("holder", holderId).query(Boolean.class).single();
    }

    int holderCount(String group) {
        return jdbc.sql("SELECT count(*) FROM reboot_lock WHERE group_name = :group")
                .param("group", group).query(Integer.class).single();
    }

    void insertHolder(String group, String holderId, Instant now) {
        jdbc.sql("INSERT INTO reboot_lock (group_name, holder_id, acquired_at) VALUES (:group, :holder, :now)")
                .param("group", group).param("holder", holderId).param("now", Timestamp.from(now)).update();
    }

    Optional<HolderRow> deleteHolder(String group, String holderId) {
        return jdbc.sql("""
                DELETE FROM reboot_lock WHERE group_name = :group AND holder_id = :holder
                RETURNING group_name, holder_id, acquired_at, false AS known""")
                .param("group", group).param("holder", holderId).query(RebootGroupRepository::holder).optional();
    }

    /** Holders of the given groups, oldest first, each marked when its id is a known instance's machine id. */
    List<HolderRow> holders(Collection<String> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT l.group_name, l.holder_id, l.acquired_at,
                       EXISTS (SELECT 1 FROM instance i WHERE i.machine_id = l.holder_id) AS known
                FROM reboot_lock l WHERE l.group_name IN (:groups) ORDER BY l.acquired_at, l.holder_id""")
                .param("groups", groups).query(RebootGroupRepository::holder).list();
    }

    /** The slots one holder (a machine) has, in any group, with when they are released by themselves. */
    List<InstanceLock> locksOf(Collection<String> holderIds) {
        return jdbc.sql("""
                SELECT l.group_name, l.acquired_at, l.acquired_at + g.max_hold_seconds * interval '1 second'
                FROM reboot_lock l JOIN reboot_group g ON g.name = l.group_name
                WHERE l.holder_id IN (:holders) ORDER BY l.acquired_at""")
                .param("holders", holderIds)
                .query((rs, row) -> new InstanceLock(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
                .list();
    }

    /** Keeps the latest {@code kept} refusals per group: the group's counter picks the ring position. */
    void recordRefusal(String group, String holderId, FleetLockErrorKind kind, String message, Instant now, int kept) {
        var count = jdbc.sql("UPDATE reboot_group SET refusal_count = refusal_count + 1 WHERE name = :group "
                        + "RETURNING refusal_count").param("group", group).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO reboot_refusal (group_name, position, holder_id, kind, message, refused_at)
                VALUES (:group, :position, :holder, :kind, :message, :now)
                ON CONFLICT (group_name, position) DO UPDATE SET holder_id = excluded.holder_id, kind = excluded.kind,
                    message = excluded.message, refused_at = excluded.refused_at""")
                .param("group", group).param("position", (int) ((count - 1) % kept)).param("holder", holderId)
                .param("kind", kind.wireName()).param("message", message).param("now", Timestamp.from(now)).update();
    }

    /** Refusals of the given groups, newest first. */
    List<RefusalRow> refusals(Collection<String> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT group_name, holder_id, kind, message, refused_at FROM reboot_refusal
                WHERE group_name IN (:groups) ORDER BY refused_at DESC, position DESC""")
                .param("groups", groups)
                .query((rs, row) -> new RefusalRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    /**
     * Deletes the holders past their group's maximum hold time and returns them. Safe on several replicas at
     * once: a row another transaction deleted first is not returned here, so each expiry is reported once.
     */
    List<ExpiredRow> deleteExpired(Instant now, int limit) {
        return jdbc.sql("""
                DELETE FROM reboot_lock l USING reboot_group g
                WHERE l.group_name = g.name AND (l.group_name, l.holder_id) IN (
                    SELECT e.group_name, e.holder_id FROM reboot_lock e JOIN reboot_group eg ON eg.name = e.group_name
                    WHERE eg.max_hold_seconds IS NOT NULL
                      AND e.acquired_at + eg.max_hold_seconds * interval '1 second' <= :now
                    ORDER BY e.acquired_at LIMIT :limit FOR UPDATE OF e SKIP LOCKED)
                RETURNING l.group_name, l.holder_id, l.acquired_at, g.max_hold_seconds, g.tie, g.tied_group_id,
                          EXISTS (SELECT 1 FROM instance i WHERE i.machine_id = l.holder_id) AS known""")
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, row) -> new ExpiredRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getInt(4), tie(rs.getString(5)), rs.getObject(6, UUID.class), rs.getBoolean(7)))
                .list();
    }

    /** Deletes groups no admin configured that nobody holds and nobody asked for since {@code cutoff}. */
    int deleteIdle(Instant cutoff) {
        return jdbc.sql("""
                DELETE FROM reboot_group g WHERE NOT g.configured AND g.last_used_at < :cutoff
                AND NOT EXISTS (SELECT 1 FROM reboot_lock l WHERE l.group_name = g.name)""")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }

    /** Slots and holders per group, for the gauges. */
    List<GroupUsage> usage() {
        return jdbc.sql("""
                SELECT g.name, g.slots, count(l.holder_id) FROM reboot_group g
                LEFT JOIN reboot_lock l ON l.group_name = g.name GROUP BY g.name, g.slots""")
                .query((rs, row) -> new GroupUsage(rs.getString(1), rs.getInt(2), rs.getInt(3))).list();
    }

    record GroupUsage(String name, int slots, int inUse) {}

    private static GroupRow group(ResultSet rs, int row) throws SQLException {
        var maxHold = rs.getObject("max_hold_seconds", Integer.class);
        return new GroupRow(rs.getString("name"), rs.getInt("slots"), tie(rs.getString("tie")),
                rs.getObject("tied_group_id", UUID.class), maxHold, rs.getBoolean("windows_only"),
                rs.getBoolean("configured"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("last_used_at").toInstant());
    }

    private static HolderRow holder(ResultSet rs, int row) throws SQLException {
        return new HolderRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getBoolean(4));
    }

    private static Tie tie(String value) {
        return Tie.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
