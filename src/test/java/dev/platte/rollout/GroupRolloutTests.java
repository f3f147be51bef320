package dev.platte.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A group's rollout: its counters, its canary and the events it raises, without Spring or a database. */
class GroupRolloutTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final UUID APP = UUID.randomUUID();
    private static final UUID CHANNEL = UUID.randomUUID();

    private final UpdateGroup group = new UpdateGroup(APP, "canary", "", "beta", CHANNEL, NOW);

    private GroupRollout rolloutOf(String version) {
        var rollout = new GroupRollout();
        rollout.restart(group, UUID.randomUUID(), version, NOW);
        return rollout;
    }

    @Test
    void aNewTargetStartsAFreshRolloutAndSaysWhichItReplaces() {
        var rollout = rolloutOf("1.0.0");
        rollout.recordGrant("m1", true);
        rollout.recordFailure("m1");
        var next = UUID.randomUUID();
        var later = NOW.plus(Duration.ofHours(1));

        rollout.restart(group, next, "1.0.1", later);

        assertThat(rollout.isFor(next)).isTrue();
        assertThat(rollout.attempts()).isZero();
        assertThat(rollout.failures()).isZero();
        assertThat(rollout.canary()).isEqualTo(CanaryState.NONE);
        assertThat(rollout.startedAt()).isEqualTo(later);
        assertThat(rollout.raisedEvents().getLast()).isEqualTo(new RolloutStarted(APP, group.id(), "canary", CHANNEL,
                next, "1.0.1", "1.0.0", later));
        assertThat(((RolloutStarted) rollout.raisedEvents().getLast()).feedEntry().message())
                .isEqualTo("Rollout of 1.0.1 started in group canary");
    }

    @Test
    void theFirstRolloutOfAGroupReplacesNothing() {
        var rollout = rolloutOf("1.0.0");

        assertThat(((RolloutStarted) rollout.raisedEvents().getFirst()).previousVersion()).isNull();
    }

    @Test
    void completesOnceWithItsNumbers() {
        var rollout = rolloutOf("1.0.0");
        rollout.recordGrant("m1", false);
        rollout.recordGrant("m2", false);
        rollout.recordFailure("m2");
        var done = NOW.plus(Duration.ofHours(2));

        assertThat(rollout.markCompleted(group, done)).isTrue();
        assertThat(rollout.markCompleted(group, done.plusSeconds(1))).isFalse();

        assertThat(rollout.completedAt()).isEqualTo(done);
        assertThat(rollout.raisedEvents()).filteredOn(RolloutCompleted.class::isInstance).containsExactly(
                new RolloutCompleted(APP, group.id(), "canary", "1.0.0", NOW, done, 2, 1));
    }

    @Test
    void theCanarysSuccessLetsTheRestGoAndOnlyTheCanaryCounts() {
        var rollout = rolloutOf("1.0.0");
        rollout.recordGrant("canary-node", true);

        assertThat(rollout.recordSuccess("other-node")).isFalse();
        assertThat(rollout.recordSuccess("canary-node")).isTrue();
        assertThat(rollout.canary()).isEqualTo(CanaryState.SUCCEEDED);
    }

    @Test
    void aFailedCanaryIsReplacedAndFailuresCountAfreshAfterAResume() {
        var rollout = rolloutOf("1.0.0");
        rollout.recordGrant("canary-node", true);
        assertThat(rollout.recordFailure("canary-node")).isTrue();
        assertThat(rollout.canary()).isEqualTo(CanaryState.FAILED);

        rollout.giveAnotherChance();

        assertThat(rollout.canary()).isEqualTo(CanaryState.NONE);
        assertThat(rollout.canaryMachineId()).isNull();
        assertThat(rollout.attempts()).isZero();
        assertThat(rollout.failures()).isZero();
    }

    @Test
    void aNodeThatRecoversIsNoLongerAFailure() {
        var rollout = rolloutOf("1.0.0");
        rollout.recordGrant("m1", false);
        rollout.recordFailure("m1");

        rollout.recordRecovery();
        rollout.recordRecovery();

        assertThat(rollout.failures()).isZero();
    }
}
