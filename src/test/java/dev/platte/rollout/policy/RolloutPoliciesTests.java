package dev.platte.rollout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutPoliciesTests {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @ParameterizedTest(name = "enabled={0}, paused={1} -> {2}")
    @CsvSource({
        "true,  false, GRANT",
        "true,  true,  PAUSED",
        "false, false, UPDATES_DISABLED",
        "false, true,  UPDATES_DISABLED",
    })
    void grantsOnlyWhenUpdatesAreEnabledAndTheGroupRuns(boolean enabled, boolean paused, String expected) {
        var policy = new GroupPolicy(enabled, paused ? NOW.minusSeconds(60) : null, false, null,
                Duration.ofHours(1), Duration.ofHours(1));

        var decision = RolloutPolicies.decide(policy, NOW);

        var actual = switch (decision) {
            case RolloutDecision.Grant ignored -> "GRANT";
            case RolloutDecision.Hold hold -> hold.reason().name();
        };
        assertThat(actual).isEqualTo(expected);
    }
}
