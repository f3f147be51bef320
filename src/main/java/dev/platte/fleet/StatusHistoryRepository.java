package dev.platte.fleet;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface StatusHistoryRepository extends JpaRepository<StatusHistoryEntry, Long> {

    List<StatusHistoryEntry> findByMachineIdAndApplicationIdOrderByCreatedAtAscIdAsc(String machineId, UUID applicationId);
}
