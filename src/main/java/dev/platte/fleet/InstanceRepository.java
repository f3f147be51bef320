package dev.platte.fleet;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface InstanceRepository extends JpaRepository<Instance, String> {

    /**
     * Registers a machine or refreshes what it reports, race-free across concurrent requests and
     * replicas. Empty alias, OEM and aleph values never erase stored ones (an admin may have set the alias).
     */
    @Modifying(flushAutomatically = true)
    @Query(nativeQuery = true, value = """
            INSERT INTO instance AS i (machine_id, ip, alias, oem, oem_version, aleph_version, boot_id,
                                       first_seen_at, last_seen_at)
            VALUES (:machineId, :ip, :alias, :oem, :oemVersion, :alephVersion, :bootId, :now, :now)
            ON CONFLICT (machine_id) DO UPDATE SET
                ip = excluded.ip,
                alias = CASE WHEN excluded.alias <> '' THEN excluded.alias ELSE i.alias END,
                oem = CASE WHEN excluded.oem <> '' THEN excluded.oem ELSE i.oem END,
                oem_version = CASE WHEN excluded.oem_version <> '' THEN excluded.oem_version ELSE i.oem_version END,
                aleph_version = CASE WHEN excluded.aleph_version <> '' THEN excluded.aleph_version ELSE i.aleph_version END,
                boot_id = CASE WHEN excluded.boot_id <> '' THEN excluded.boot_id ELSE i.boot_id END,
                last_seen_at = GREATEST(i.last_seen_at, excluded.last_seen_at)
            """)
    void upsert(@Param("machineId") String machineId, @Param("ip") String ip, @Param("alias") String alias,
            @Param("oem") String oem, @Param("oemVersion") String oemVersion,
            @Param("alephVersion") String alephVersion, @Param("bootId") String bootId, @Param("now") Instant now);

    @Query("select i.machineId from Instance i where i.machineId in :machineIds")
    Set<String> findKnownIds(@Param("machineIds") Collection<String> machineIds);

    @Modifying
    @Query("delete from Instance i where i.lastSeenAt < :cutoff")
    int deleteNotSeenSince(@Param("cutoff") Instant cutoff);
}
