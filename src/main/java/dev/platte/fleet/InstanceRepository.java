package dev.platte.fleet;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface InstanceRepository extends JpaRepository<Instance, String> {

    @Query("select i.machineId from Instance i where i.machineId in :machineIds")
    Set<String> findKnownIds(@Param("machineIds") Collection<String> machineIds);

    @Modifying
    @Query("delete from Instance i where i.lastSeenAt < :cutoff")
    int deleteNotSeenSince(@Param("cutoff") Instant cutoff);
}
