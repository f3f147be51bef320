package dev.platte.fleet;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface StatusHistoryRepository extends JpaRepository<StatusHistoryEntry, Long> {

    /** The newest status changes first, at most {@code limit}. */
    List<StatusHistoryEntry> findByMachineIdAndApplicationIdOrderByCreatedAtDescIdDesc(String machineId,
            UUID applicationId, Limit limit);

    @Query("""
            select count(h) > 0 from StatusHistoryEntry h
            where h.machineId = :machineId and h.applicationId = :applicationId and h.status in :statuses
              and h.createdAt >= :since""")
    boolean existsSince(@Param("machineId") String machineId, @Param("applicationId") UUID applicationId,
            @Param("statuses") Collection<InstanceStatus> statuses, @Param("since") Instant since);

    @Query("""
            select count(h) from StatusHistoryEntry h
            where h.groupId = :groupId and h.status = :status and h.createdAt > :after""")
    int countInGroupSince(@Param("groupId") UUID groupId, @Param("status") InstanceStatus status,
            @Param("after") Instant after);
}
