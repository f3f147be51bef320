package dev.platte.fleet;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface InstanceEventRepository extends JpaRepository<InstanceEvent, Long> {

    List<InstanceEvent> findByMachineIdAndApplicationIdOrderByCreatedAtAscIdAsc(String machineId, UUID applicationId);
}
