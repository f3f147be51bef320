package dev.platte.rollout;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface GroupRolloutRepository extends JpaRepository<GroupRollout, UUID> {

    /** Returns 1 when this call created the row, 0 when it existed. */
    @Modifying(flushAutomatically = true)
    @Query(nativeQuery = true, value = """
            INSERT INTO group_rollout (group_id, package_id, target_version, started_at)
            VALUES (:groupId, :packageId, :version, :now)
            ON CONFLICT (group_id) DO NOTHING
            """)
    int insertIfAbsent(@Param("groupId") UUID groupId, @Param("packageId") UUID packageId,
            @Param("version") String version, @Param("now") Instant now);

    /**
     * The row as a value, not a managed entity: were it loaded into the persistence context before
     * {@link #findForUpdate}, the locked read would return that stale instance instead of the row as
     * committed by whoever held the lock before (e.g. a canary granted meanwhile).
     */
    @Query("""
            select new dev.platte.rollout.RolloutView(r.packageId, r.startedAt, r.canaryMachineId, r.canary)
            from GroupRollout r where r.groupId = :groupId""")
    Optional<RolloutView> findView(@Param("groupId") UUID groupId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from GroupRollout r where r.groupId = :groupId")
    Optional<GroupRollout> findForUpdate(@Param("groupId") UUID groupId);
}
