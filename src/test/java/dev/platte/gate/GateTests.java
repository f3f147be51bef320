package dev.platte.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.common.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GateTests {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Gate gate(Double threshold, int consecutive) {
        return new Gate(UUID.randomUUID(), new GateSettings("kubelet", "up == 0", threshold, consecutive,
                Duration.ofSeconds(30), Duration.ofMinutes(10), null, null), T0);
    }

    @Test
    void breachesOnceAfterTheConfiguredConsecutiveBreachingEvaluations() {
        var gate = gate(null, 3);

        assertThat(gate.recordSamples(List.of(1.0), T0)).isEqualTo(Gate.Transition.NONE);
        assertThat(gate.recordSamples(List.of(1.0), T0.plusSeconds(30))).isEqualTo(Gate.Transition.NONE);
        assertThat(gate.state()).isEqualTo(GateState.OK);
        assertThat(gate.recordSamples(List.of(1.0, 2.0), T0.plusSeconds(60))).isEqualTo(Gate.Transition.BREACHED);
        assertThat(gate.state()).isEqualTo(GateState.BREACHED);
        assertThat(gate.breachingSince()).isEqualTo(T0);
        assertThat(gate.lastValue()).isEqualTo(2.0);
        assertThat(gate.recordSamples(List.of(1.0), T0.plusSeconds(90))).as("one pause per breach")
                .isEqualTo(Gate.Transition.NONE);
        assertThat(gate.recordSamples(List.of(), T0.plusSeconds(120))).isEqualTo(Gate.Transition.RECOVERED);
        assertThat(gate.breachingSince()).isNull();
    }

    @Test
    void anEvaluationWithoutBreachStartsTheCountAgain() {
        var gate = gate(null, 2);

        gate.recordSamples(List.of(1.0), T0);
        assertThat(gate.recordSamples(List.of(), T0.plusSeconds(30))).isEqualTo(Gate.Transition.NONE);
        assertThat(gate.recordSamples(List.of(1.0), T0.plusSeconds(60))).isEqualTo(Gate.Transition.NONE);
        assertThat(gate.breachingSince()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void withAThresholdOnlySamplesAboveItBreach() {
        var gate = gate(0.2, 1);

        assertThat(gate.recordSamples(List.of(0.1, 0.2), T0)).isEqualTo(Gate.Transition.NONE);
        assertThat(gate.recordSamples(List.of(0.1, 0.25), T0.plusSeconds(30))).isEqualTo(Gate.Transition.BREACHED);
    }

    @Test
    void unknownNeitherBreachesNorResetsTheCountAndHoldsByDefault() {
        var gate = gate(null, 2);

        gate.recordSamples(List.of(1.0), T0);
        assertThat(gate.recordUnknown("connection refused", T0.plusSeconds(30))).isEqualTo(Gate.Transition.BECAME_UNKNOWN);
        assertThat(gate.holds()).isTrue();
        assertThat(gate.recordUnknown("connection refused", T0.plusSeconds(60))).isEqualTo(Gate.Transition.NONE);
        assertThat(gate.recordSamples(List.of(1.0), T0.plusSeconds(90))).isEqualTo(Gate.Transition.BREACHED);
        assertThat(gate.holds()).isFalse();
    }

    @Test
    void watchesWhileTheRolloutRunsAndDuringTheSoakAfterItCompleted() {
        var gate = gate(null, 1);

        assertThat(gate.watches(null, null, T0)).isFalse();
        assertThat(gate.watches(T0, null, T0.plus(Duration.ofDays(3)))).isTrue();
        assertThat(gate.watches(T0, T0.plusSeconds(60), T0.plusSeconds(60 + 600))).isTrue();
        assertThat(gate.watches(T0, T0.plusSeconds(60), T0.plusSeconds(60 + 601))).isFalse();
    }

    @Test
    void refusesSettingsFieldByField() {
        var error = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> new GateSettings("ok", "up", null, 0, Duration.ofSeconds(30), null, null, null));
        assertThat(error.field()).isEqualTo("consecutiveEvaluations");
        error = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> new GateSettings("ok", "up", null, 1, Duration.ofSeconds(30), null, null, "file:///etc/passwd"));
        assertThat(error.field()).isEqualTo("prometheusUrl");
    }
}
