package dev.platte.gate;

import java.time.Instant;
import java.util.UUID;

/** Published inside the transaction that records a breached gate's first evaluation without a breach. */
public record GateRecovered(UUID applicationId, UUID groupId, String groupName, UUID gateId, String gateName,
        Instant at) {}
