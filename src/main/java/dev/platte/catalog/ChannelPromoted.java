package dev.platte.catalog;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import java.util.UUID;

/**
 * Raised by a channel, in the transaction that points it at a different package: the groups following it start
 * a rollout of that package.
 *
 * @param rollback whether it went back to an older package ({@link RollbackStarted} says more)
 */
public record ChannelPromoted(UUID applicationId, UUID channelId, String channelName, Arch arch, UUID packageId,
        String version, boolean rollback, String actor) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return rollback ? null : Activity.Entry.forChannel(ActivityKind.CHANNEL_PROMOTED, Severity.INFO, applicationId,
                channelId, version, actor,
                "Channel %s (%s) now serves %s".formatted(channelName, arch.wireName(), version));
    }
}
