package dev.platte.rollout;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction that opens a wave: its previous wave ran {@code version} on
 * {@code percentOnTarget}% of its active nodes (at least {@code completionPercent}%), healthy, since
 * {@code readySince}, for the {@code soak}.
 */
public record WaveStarted(UUID applicationId, UUID groupId, String groupName, UUID channelId, UUID previousGroupId,
        String previousGroupName, String version, int percentOnTarget, int completionPercent, Duration soak,
        Instant readySince, Instant at) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return new Activity.Entry(ActivityKind.WAVE_STARTED, Severity.INFO, applicationId, groupId, channelId, null,
                version, "platte", "Wave %s started rolling out %s: wave %s runs it on %d%% of its active nodes (%d%% needed)%s"
                        .formatted(groupName, version, previousGroupName, percentOnTarget, completionPercent,
                                soak.isZero() ? "" : ", healthy for " + WaveStatus.human(soak)));
    }
}
