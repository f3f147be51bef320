package dev.platte.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ChannelRepository extends JpaRepository<Channel, UUID> {

    List<Channel> findByApplicationIdOrderByNameAscArchAsc(UUID applicationId);

    Optional<Channel> findByIdAndApplicationId(UUID id, UUID applicationId);

    boolean existsByApplicationIdAndNameAndArch(UUID applicationId, String name, Arch arch);

    boolean existsByPackageId(UUID packageId);
}
