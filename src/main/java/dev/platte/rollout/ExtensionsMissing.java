package dev.platte.rollout;

import dev.platte.activity.Activity;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.FeedEvent;
import dev.platte.activity.Severity;
import dev.platte.catalog.Arch;
import java.util.List;
import java.util.UUID;

/**
 * Published in the transaction of a promotion that leaves nodes of the channel's groups without an OEM extension
 * they need (the promotion happened all the same; their nodes hold).
 *
 * @param gaps one sentence per OEM, as {@link ExtensionGuard.MissingExtension#message} says it
 */
public record ExtensionsMissing(UUID applicationId, UUID channelId, String channelName, Arch arch, UUID packageId,
        String version, List<String> gaps, String actor) implements FeedEvent {

    @Override
    public Activity.Entry feedEntry() {
        return Activity.Entry.forChannel(ActivityKind.EXTENSIONS_MISSING, Severity.WARNING, applicationId, channelId,
                version, actor, "Channel %s (%s) serves %s: %s".formatted(channelName, arch.wireName(), version,
                        String.join("; ", gaps)));
    }
}
