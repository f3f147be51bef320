package dev.platte.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

class SyncStateTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void raisesSyncFailedOncePerOutageAndSyncRecoveredWhenItEnds() {
        var state = new SyncState("flatcar", "stable", "amd64");
        state.succeeded(T0, "3815.2.0", null, "flatcar-app");
        assertThat(events(state)).isEmpty();

        state.failed(T0.plusSeconds(60), "upstream answered HTTP 502", "flatcar-app");
        state.failed(T0.plusSeconds(120), "upstream answered HTTP 503", "flatcar-app");
        assertThat(events(state)).singleElement().isEqualTo(new SyncFailed("flatcar", "stable", "amd64", "flatcar-app",
                "upstream answered HTTP 502", T0, T0.plusSeconds(60)));

        ReflectionTestUtils.invokeMethod(state, "clearDomainEvents");
        state.succeeded(T0.plusSeconds(180), "3815.2.1", "promoted to 3815.2.1", "flatcar-app");
        state.succeeded(T0.plusSeconds(240), "3815.2.1", null, "flatcar-app");
        assertThat(events(state)).singleElement().isEqualTo(new SyncRecovered("flatcar", "stable", "amd64",
                "flatcar-app", "3815.2.1", "upstream answered HTTP 503", T0, T0.plusSeconds(180)));
    }

    @Test
    void aFirstSyncThatFailsIsAnOutageToo() {
        var state = new SyncState("flatcar", "beta", "arm64");
        state.failed(T0, "connection refused", "flatcar-app");
        assertThat(events(state)).singleElement().isInstanceOf(SyncFailed.class);
    }

    private static Collection<?> events(SyncState state) {
        return ReflectionTestUtils.invokeMethod(state, "domainEvents");
    }
}
