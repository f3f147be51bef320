package dev.platte.payload;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface PayloadCredentialRepository extends JpaRepository<PayloadCredential, UUID> {

    List<PayloadCredential> findByApplicationIdOrderByCreatedAtDesc(UUID applicationId);

    Optional<PayloadCredential> findByIdAndApplicationId(UUID id, UUID applicationId);

    Optional<PayloadCredential> findByApplicationIdAndNameAndRevokedAtIsNull(UUID applicationId, String name);

    boolean existsByApplicationIdAndNameAndRevokedAtIsNull(UUID applicationId, String name);
}
