package dev.platte.fleet;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface InstanceAppStateRepository
        extends JpaRepository<InstanceAppState, InstanceAppId>, JpaSpecificationExecutor<InstanceAppState> {

    List<InstanceAppState> findByIdMachineId(String machineId);

    @Query("""
            select count(s) from InstanceAppState s
            where s.groupId = :groupId and s.updateInProgress = true and s.lastGrantedAt > :grantedAfter""")
    int countInProgress(@Param("groupId") UUID groupId, @Param("grantedAfter") Instant grantedAfter);

    /**
     * Stops at the first such instance: during a rollout there are many, and a count would read them all. Two
     * walks of the group's version index, from either side of {@code version}: written as {@code EXISTS (...
     * version <> :version)}, PostgreSQL expected a match within a few rows of the table and scanned it from
     * the start, through every other group's rows (220 ms at a million, on each completion, under the
     * group's rollout lock).
     */
    @Query(nativeQuery = true, value = """
            SELECT (SELECT 1 FROM instance_app_state
                    WHERE group_id = :groupId AND version < :version AND last_check_at > :checkedAfter
                    ORDER BY version LIMIT 1) IS NOT NULL
                OR (SELECT 1 FROM instance_app_state
                    WHERE group_id = :groupId AND version > :version AND last_check_at > :checkedAfter
                    ORDER BY version LIMIT 1) IS NOT NULL""")
    boolean existsActiveNotOn(@Param("groupId") UUID groupId, @Param("version") String version,
            @Param("checkedAfter") Instant checkedAfter);

    /** The group's instances that checked in after {@code checkedAfter}: in all, and those on {@code version}. */
    @Query(nativeQuery = true, value = """
            SELECT count(*) AS active, count(*) FILTER (WHERE version = :version) AS on_version
            FROM instance_app_state WHERE group_id = :groupId AND last_check_at > :checkedAfter""")
    ActiveShare countActiveOn(@Param("groupId") UUID groupId, @Param("version") String version,
            @Param("checkedAfter") Instant checkedAfter);

    /** How many of a group's active instances run a version. */
    interface ActiveShare {
        long getActive();

        long getOnVersion();
    }

    /**
     * Whether the group has machines, not retired and not on {@code version}, registered before {@code before}.
     * Walks the group's version index as {@link #existsActiveNotOn} does, for the same reason.
     */
    @Query(nativeQuery = true, value = """
            SELECT (SELECT 1 FROM instance_app_state
                    WHERE group_id = :groupId AND version < :version AND created_at < :before AND NOT retired
                    ORDER BY version LIMIT 1) IS NOT NULL
                OR (SELECT 1 FROM instance_app_state
                    WHERE group_id = :groupId AND version > :version AND created_at < :before AND NOT retired
                    ORDER BY version LIMIT 1) IS NOT NULL""")
    boolean existsRegisteredBefore(@Param("groupId") UUID groupId, @Param("before") Instant before,
            @Param("version") String version);
}
