package dev.platte.catalog;

import java.util.UUID;

/** Published in the transaction that points a channel at a different package. */
public record ChannelPromoted(UUID applicationId, UUID channelId, UUID packageId, String version, String actor) {}
