package dev.platte.rollout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaveRuleTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final WaveRule.Settings NINETY_FIVE_FOR_AN_HOUR = new WaveRule.Settings(95, Duration.ofHours(1));

    private static WaveRule.PreviousWave previous(String target, int active, int onTarget, boolean paused,
            boolean breached) {
        return new WaveRule.PreviousWave("canary", target, active, onTarget, paused, breached);
    }

    @Test
    void staysClosedWhileThePreviousWaveRollsOutAnotherVersion() {
        var verdict = WaveRule.evaluate(NINETY_FIVE_FOR_AN_HOUR, "2.0.0", previous("1.9.0", 10, 10, false, false),
                null, NOW);
        assertThat(verdict.open()).isFalse();
        assertThat(verdict.missing()).isEqualTo(WaveRule.Missing.NOT_ROLLING_OUT);
        assertThat(verdict.readySince()).isNull();
    }

    @Test
    void staysClosedBelowTheShareAndStartsTheSoakWhenItIsReached() {
        var below = WaveRule.evaluate(NINETY_FIVE_FOR_AN_HOUR, "2.0.0", previous("2.0.0", 100, 94, false, false),
                null, NOW);
        assertThat(below.missing()).isEqualTo(WaveRule.Missing.SHARE);

        var reached = WaveRule.evaluate(NINETY_FIVE_FOR_AN_HOUR, "2.0.0", previous("2.0.0", 100, 95, false, false),
                null, NOW);
        assertThat(reached.open()).isFalse();
        assertThat(reached.missing()).isEqualTo(WaveRule.Missing.SOAK);
        assertThat(reached.readySince()).isEqualTo(NOW);
        assertThat(reached.soakLeft()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void opensOnceTheSoakHasPassedSinceTheShareWasReached() {
        var wave = previous("2.0.0", 20, 19, false, false);
        var soaking = WaveRule.evaluate(NINETY_FIVE_FOR_AN_HOUR, "2.0.0", wave, NOW.minus(Duration.ofMinutes(40)), NOW);
        assertThat(soaking.open()).isFalse();
        assertThat(soaking.soakLeft()).isEqualTo(Duration.ofMinutes(20));

        var open = WaveRule.evaluate(NINETY_FIVE_FOR_AN_HOUR, "2.0.0", wave, NOW.minus(Duration.ofHours(1)), NOW);
        assertThat(open.open()).isTrue();
        assertThat(open.missing()).isNull();
    }

    @Test
    void aPauseOrABreachedGateClosesItAndRestartsTheSoak() {
        var since = NOW.minus(Duration.ofHours(2));
        var paused = WaveRule.evaluate(NINETY_FIVE_FOR_AN_HOUR, "2.0.0", previous("2.0.0", 10, 10, true, false),
                since, NOW);
        assertThat(paused.missing()).isEqualTo(WaveRule.Missing.PAUSED);
        assertThat(paused.readySince()).as("the soak starts again afterwards").isNull();

        var breached = WaveRule.evaluate(NINETY_FIVE_FOR_AN_HOUR, "2.0.0", previous("2.0.0", 10, 10, false, true),
                since, NOW);
        assertThat(breached.missing()).isEqualTo(WaveRule.Missing.GATE_BREACHED);
        assertThat(breached.open()).isFalse();
    }

    @Test
    void withoutSoakItOpensAsSoonAsTheShareIsReached() {
        var verdict = WaveRule.evaluate(new WaveRule.Settings(50, Duration.ZERO), "2.0.0",
                previous("2.0.0", 4, 2, false, false), null, NOW);
        assertThat(verdict.open()).isTrue();
    }

    @Test
    void aPreviousWaveWithoutActiveNodesCountsAsDoneAsItsRolloutDoes() {
        assertThat(previous("2.0.0", 0, 0, false, false).percentOnTarget()).isEqualTo(100);
    }

    @Test
    void theDecisionHoldsAWaveForEveryVersionButTheOneItOpenedFor() {
        var wave = new GroupPolicy(true, false, false, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(),
                null, null, true, false, new WaveGate("2.0.0"));
        assertThat(RolloutPolicies.admit(wave, "m", "3.0.0", NOW, NOW))
                .isEqualTo(RolloutDecision.hold(HoldReason.WAITING_FOR_WAVE));
        assertThat(RolloutPolicies.admit(wave, "m", "2.0.0", NOW, NOW)).isEqualTo(RolloutDecision.grant());
        var notOpened = new GroupPolicy(true, false, false, null, Duration.ofHours(1), null, Duration.ofHours(1),
                List.of(), null, null, true, false, new WaveGate(null));
        assertThat(RolloutPolicies.admit(notOpened, "m", "2.0.0", NOW, NOW))
                .isEqualTo(RolloutDecision.hold(HoldReason.WAITING_FOR_WAVE));
        assertThat(RolloutPolicies.admit(GroupPolicy.unrestricted(), "m", "2.0.0", NOW, NOW))
                .isEqualTo(RolloutDecision.grant());
    }
}
