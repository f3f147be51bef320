package dev.platte.fleet;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface StatusHistoryRepository extends JpaRepository<StatusHistoryEntry, Long> {

    List<StatusHistoryEntry> findByMachineIdAndApplicationIdOrderByCreatedAtAscIdAsc(String machineId, UUID applicationId);

    @Query("""
            select count(h) from StatusHistoryEntry h
            where h.groupId = :groupId and h.status = :status and h.createdAt > :after""")
    int countInGroupSince(@Param("groupId") UUID groupId, @Param("status") InstanceStatus status,
            @Param("after") Instant after);
}
