package dev.platte.payload;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface PayloadAccessRepository extends JpaRepository<PayloadAccess, UUID> {}
