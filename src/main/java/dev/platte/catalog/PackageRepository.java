package dev.platte.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PackageRepository extends JpaRepository<UpdatePackage, UUID> {

    List<UpdatePackage> findByApplicationIdOrderByCreatedAtDesc(UUID applicationId);

    Optional<UpdatePackage> findByIdAndApplicationId(UUID id, UUID applicationId);

    Optional<UpdatePackage> findByApplicationIdAndVersionAndArch(UUID applicationId, String version, Arch arch);

    boolean existsByApplicationIdAndVersionAndArch(UUID applicationId, String version, Arch arch);

    @Query("select p.id from UpdatePackage p where p.applicationId = :applicationId")
    List<UUID> findIdsByApplicationId(UUID applicationId);

    @Query("select p.id from UpdatePackage p where p.id in :ids")
    List<UUID> findExistingIds(Collection<UUID> ids);
}
