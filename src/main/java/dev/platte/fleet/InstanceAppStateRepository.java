package dev.platte.fleet;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.query.Param;

interface InstanceAppStateRepository
        extends JpaRepository<InstanceAppState, InstanceAppId>, JpaSpecificationExecutor<InstanceAppState> {

    @Modifying(flushAutomatically = true)
    @Query(nativeQuery = true, value = """
            INSERT INTO instance_app_state (machine_id, application_id, group_id, version, status,
                                            status_changed_at, created_at)
            VALUES (:machineId, :applicationId, :groupId, :version, 'undefined', :now, :now)
            ON CONFLICT (machine_id, application_id) DO NOTHING
            """)
    void insertIfAbsent(@Param("machineId") String machineId, @Param("applicationId") UUID applicationId,
            @Param("groupId") UUID groupId, @Param("version") String version, @Param("now") Instant now);

    /** Locks the row so concurrent requests of one machine apply their changes one after another. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from InstanceAppState s where s.id = :id")
    Optional<InstanceAppState> findForUpdate(@Param("id") InstanceAppId id);

    List<InstanceAppState> findByIdMachineId(String machineId);

    @Query("""
            select count(s) from InstanceAppState s
            where s.groupId = :groupId and s.updateInProgress = true and s.lastGrantedAt > :grantedAfter""")
    int countInProgress(@Param("groupId") UUID groupId, @Param("grantedAfter") Instant grantedAfter);

    /** Updates past their timeout; rows another replica is handling right now are skipped, not waited for. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
    @Query("""
            select s from InstanceAppState s
            where s.groupId = :groupId and s.updateInProgress = true and s.lastGrantedAt <= :grantedBefore""")
    List<InstanceAppState> lockOverdue(@Param("groupId") UUID groupId, @Param("grantedBefore") Instant grantedBefore,
            Pageable page);

    /** Stops at the first such instance: during a rollout there are many, and a count would read them all. */
    @Query(nativeQuery = true, value = """
            SELECT EXISTS (SELECT 1 FROM instance_app_state
                           WHERE group_id = :groupId AND version <> :version AND last_check_at > :checkedAfter)""")
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

    /** Whether the group has machines, not retired and not on {@code version}, registered before {@code before}. */
    @Query(nativeQuery = true, value = """
            SELECT EXISTS (SELECT 1 FROM instance_app_state
                           WHERE group_id = :groupId AND created_at < :before AND NOT retired AND version <> :version)""")
    boolean existsRegisteredBefore(@Param("groupId") UUID groupId, @Param("before") Instant before,
            @Param("version") String version);
}
