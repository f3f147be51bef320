package dev.platte.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.UUID;

@Embeddable
public record InstanceAppId(
        @Column(name = "machine_id") String machineId, @Column(name = "application_id") UUID applicationId) {}
