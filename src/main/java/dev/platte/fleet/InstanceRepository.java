package dev.platte.fleet;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface InstanceRepository extends JpaRepository<Instance, String> {

    @Modifying
    @Query("delete from Instance i where i.lastSeenAt < :cutoff")
    int deleteNotSeenSince(@Param("cutoff") Instant cutoff);
}
