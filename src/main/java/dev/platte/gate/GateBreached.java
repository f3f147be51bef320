package dev.platte.gate;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction that records the breach (and pauses the group, unless it was paused
 * already): {@code value} is the largest sample, {@code since} the first breaching evaluation.
 */
public record GateBreached(UUID applicationId, UUID groupId, String groupName, UUID gateId, String gateName,
        String query, Double value, Instant since, boolean pausedGroup, Instant at) {}
