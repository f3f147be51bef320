package dev.platte.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The buffer's bound and what it reports; writing is QuickPathIntegrationTests'. */
class LastSeenBufferTests {

    private static final UUID APPLICATION = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final KnownInstance NEVER_SEEN = new KnownInstance("10.0.0.1", "", "", "", "", "", null, null,
            "1.0.0", InstanceStatus.COMPLETE, null, false, null, null, false);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LastSeenBuffer buffer = new LastSeenBuffer(null,
            new FleetProperties(Duration.ofDays(30), Duration.ofSeconds(60), Duration.ofSeconds(1), 3), registry);

    @Test
    void keepsAtMostTheConfiguredNumberOfMachinesAndCountsTheRestAsDropped() {
        for (int i = 0; i < 5; i++) {
            buffer.record("machine-" + i, APPLICATION, NEVER_SEEN, true, NOW);
        }

        assertThat(buffer.pendingCount()).isEqualTo(3);
        assertThat(registry.get("platte.last.seen.pending").gauge().value()).isEqualTo(3);
        assertThat(registry.get("platte.last.seen.dropped").counter().count()).isEqualTo(2);
    }

    @Test
    void stillTakesANewerTimeForAMachineAlreadyWaitingWhenFull() {
        for (int i = 0; i < 3; i++) {
            buffer.record("machine-" + i, APPLICATION, NEVER_SEEN, true, NOW);
        }

        buffer.record("machine-0", APPLICATION, NEVER_SEEN, true, NOW.plusSeconds(90));

        assertThat(buffer.pendingCount()).isEqualTo(3);
        assertThat(registry.get("platte.last.seen.dropped").counter().count()).isZero();
    }

    @Test
    void recordsNothingForAMachineSeenWithinTheResolution() {
        var seenJustNow = new KnownInstance("10.0.0.1", "", "", "", "", "", NOW.minusSeconds(5), null, "1.0.0",
                InstanceStatus.COMPLETE, null, false, null, NOW.minusSeconds(5), false);

        buffer.record("machine-0", APPLICATION, seenJustNow, true, NOW);

        assertThat(buffer.pendingCount()).isZero();
        assertThat(registry.get("platte.last.seen.dropped").counter().count()).isZero();
    }
}
