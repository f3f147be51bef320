package dev.platte.catalog;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface PackageRevocationRepository extends JpaRepository<PackageRevocation, Long> {

    List<PackageRevocation> findByPackageIdOrderByCreatedAt(UUID packageId);
}
