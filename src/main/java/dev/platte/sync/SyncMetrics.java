package dev.platte.sync;

import dev.platte.common.GaugeSeries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sync state as gauges, per configured upstream channel and arch: when it last succeeded, and whether
 * its last attempt did. Read from {@code sync_state}, so every replica reports the syncs of all of them.
 */
@Component
class SyncMetrics {

    private static final Logger log = LoggerFactory.getLogger(SyncMetrics.class);

    private final SyncProperties properties;
    private final SyncStateRepository states;
    private final GaugeSeries lastSuccess;
    private final GaugeSeries healthy;

    SyncMetrics(SyncProperties properties, SyncStateRepository states, MeterRegistry registry) {
        this.properties = properties;
        this.states = states;
        this.lastSuccess = new GaugeSeries("platte.sync.last.success.timestamp.seconds",
                "When the upstream channel last synced successfully, in seconds since the epoch", registry);
        this.healthy = new GaugeSeries("platte.sync.healthy",
                "1 if the upstream channel's last sync succeeded, 0 if it failed or has not succeeded yet", registry);
    }

    @Scheduled(fixedDelayString = "${platte.metrics.refresh-interval:30s}")
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // The gauges keep their last values; the next interval tries again.
            log.warn("Could not refresh the sync metrics: {}", e.toString());
        }
    }

    /** Only what is configured now: the state of an upstream no longer followed would page someone forever. */
    synchronized void refresh() {
        var known = states.findAll().stream().collect(Collectors.toMap(SyncState::key, Function.identity()));
        var successes = new HashMap<Tags, Double>();
        var health = new HashMap<Tags, Integer>();
        for (var upstream : properties.effectiveUpstreams()) {
            for (var channel : upstream.channels()) {
                for (var arch : upstream.arches()) {
                    var tags = Tags.of("upstream", upstream.name(), "channel", channel, "arch", arch);
                    var state = known.get(new SyncState.Key(upstream.name(), channel, arch));
                    var succeeded = state != null && state.lastSuccessAt() != null;
                    if (succeeded) {
                        successes.put(tags, state.lastSuccessAt().toEpochMilli() / 1000.0);
                    }
                    health.put(tags, succeeded && state.lastError() == null ? 1 : 0);
                }
            }
        }
        lastSuccess.replace(successes);
        healthy.replace(health);
    }
}
