package dev.platte.rollout;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction that opens a wave: its previous wave ran {@code version} on
 * {@code percentOnTarget}% of its active nodes (at least {@code completionPercent}%), healthy, since
 * {@code readySince}, for the soak.
 */
public record WaveStarted(UUID applicationId, UUID groupId, String groupName, UUID previousGroupId,
        String previousGroupName, String version, int percentOnTarget, int completionPercent, Instant readySince,
        Instant at) {}
