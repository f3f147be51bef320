package dev.platte.notification;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface WebhookRepository extends JpaRepository<Webhook, UUID> {

    List<Webhook> findAllByOrderByName();

    List<Webhook> findByEnabledTrue();

    boolean existsByName(String name);
}
