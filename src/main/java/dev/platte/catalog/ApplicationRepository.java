package dev.platte.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ApplicationRepository extends JpaRepository<Application, UUID> {

    @Query("select a from Application a where lower(a.productId) = lower(?1)")
    Optional<Application> findByProductIdIgnoreCase(String productId);

    boolean existsByName(String name);

    List<Application> findAllByOrderByName();
}
