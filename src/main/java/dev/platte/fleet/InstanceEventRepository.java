package dev.platte.fleet;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface InstanceEventRepository extends JpaRepository<InstanceEvent, Long> {

    /** The newest events first, at most {@code limit}. */
    List<InstanceEvent> findByMachineIdAndApplicationIdOrderByCreatedAtDescIdDesc(String machineId, UUID applicationId,
            Limit limit);
}
