package dev.platte.rollout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Made-up machine ids cannot become a safe-mode canary (issue 11). */
class CanaryRuleTests {

    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant NOW = START.plus(Duration.ofHours(2));
    private static final CanaryRule RULE = new CanaryRule(Duration.ofDays(1));

    @Test
    void admitsAMachineKnownBeforeTheRolloutStarted() {
        assertThat(RULE.admits(START.minusSeconds(1), START, true, NOW)).isTrue();
        assertThat(RULE.admits(START.minus(Duration.ofDays(90)), START, false, NOW)).isTrue();
    }

    @Test
    void refusesAMachineRegisteredSinceInAGroupThatHadMachines() {
        assertThat(RULE.admits(START, START, true, NOW)).isFalse();
        assertThat(RULE.admits(START.plusSeconds(5), START, true, NOW.plus(Duration.ofDays(30)))).isFalse();
    }

    @Test
    void inAGroupThatHadNoneAdmitsMachinesOnlyOnceRegisteredForTheTenure() {
        var registered = START.plusSeconds(60);

        assertThat(RULE.admits(registered, START, false, registered.plus(Duration.ofHours(23)))).isFalse();
        assertThat(RULE.admits(registered, START, false, registered.plus(Duration.ofDays(1)))).isTrue();
    }

    @Test
    void aZeroTenureAdmitsAnyMachineOfAGroupThatHadNone() {
        assertThat(new CanaryRule(Duration.ZERO).admits(NOW, START, false, NOW)).isTrue();
    }

    @Test
    void aNodeThatMayNotBeTheCanaryWaitsForOne() {
        var safeMode = new GroupPolicy(true, false, true, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(),
                null, null);
        var none = new RolloutProgress(START, 0, 0, CanaryState.NONE);

        var refused = RolloutPolicies.decide(safeMode, none, "made-up", null, OemExtensions.NONE, "2.0.0", NOW, false);
        var admitted = RolloutPolicies.decide(safeMode, none, "known", null, OemExtensions.NONE, "2.0.0", NOW, true);

        assertThat(refused).isEqualTo(RolloutDecision.hold(HoldReason.AWAITING_CANARY));
        assertThat(admitted).isEqualTo(new RolloutDecision.Grant(true));
    }

    @Test
    void canaryCandidacyMattersOnlyUntilACanaryIsChosen() {
        var safeMode = new GroupPolicy(true, false, true, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(),
                null, null);
        var succeeded = new RolloutProgress(START, 1, 0, CanaryState.SUCCEEDED);

        assertThat(RolloutPolicies.decide(safeMode, succeeded, "new", null, OemExtensions.NONE, "2.0.0", NOW, false))
                .isEqualTo(new RolloutDecision.Grant(false));
    }
}
