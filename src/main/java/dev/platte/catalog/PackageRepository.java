package dev.platte.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface PackageRepository extends JpaRepository<UpdatePackage, UUID> {

    List<UpdatePackage> findByApplicationIdOrderByCreatedAtDesc(UUID applicationId);

    Optional<UpdatePackage> findByIdAndApplicationId(UUID id, UUID applicationId);

    Optional<UpdatePackage> findByApplicationIdAndVersionAndArch(UUID applicationId, String version, Arch arch);

    boolean existsByApplicationIdAndVersionAndArch(UUID applicationId, String version, Arch arch);
}
