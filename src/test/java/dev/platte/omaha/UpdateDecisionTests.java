package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.fleet.InstanceStatus;
import dev.platte.omaha.AppOutcome.NoUpdateReason;
import dev.platte.omaha.UpdateDecision.Node;
import dev.platte.omaha.UpdateDecision.Verdict;
import dev.platte.rollout.ServingSnapshot.Placement;
import dev.platte.rollout.ServingSnapshot.Target;
import dev.platte.rollout.policy.HoldReason;
import dev.platte.rollout.policy.RolloutDecision;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class UpdateDecisionTests {

    private static final Function<Target, RolloutDecision> GRANTS = target -> RolloutDecision.grant();
    private static final Function<Target, RolloutDecision> PERIOD_LIMIT =
            target -> RolloutDecision.hold(HoldReason.PERIOD_LIMIT);

    private static Placement servingVersion(String version, boolean rollback) {
        return new Placement(UUID.randomUUID(), "stable", null, 600, UUID.randomUUID(),
                version == null ? null : new Target(UUID.randomUUID(), version, null), rollback);
    }

    private static Node on(String version) {
        return new Node(version, InstanceStatus.UNDEFINED, null, false, null);
    }

    private static Node granted(String version, String grantedVersion) {
        return new Node(version, InstanceStatus.GRANTED, null, true, grantedVersion);
    }

    @Test
    void answersNoGroupWhenNoGroupTakesTheNode() {
        assertThat(UpdateDecision.decide(null, on("1.0.0"), GRANTS))
                .isEqualTo(new Verdict.Answer(new AppOutcome.NoUpdate(NoUpdateReason.NO_GROUP)));
    }

    @Test
    void answersNoPackageWithTheGroupsPollIntervalWhenItsChannelServesNothing() {
        assertThat(UpdateDecision.decide(servingVersion(null, false), on("1.0.0"), GRANTS))
                .isEqualTo(new Verdict.Answer(new AppOutcome.NoUpdate(NoUpdateReason.NO_PACKAGE, null, 600)));
    }

    @Test
    void answersUpToDateWithoutAskingThePolicy() {
        var asked = new AtomicInteger();
        var verdict = UpdateDecision.decide(servingVersion("2.0.0", false), on("2.0.0"), target -> {
            asked.incrementAndGet();
            return RolloutDecision.grant();
        });

        assertThat(verdict).isEqualTo(new Verdict.Answer(new AppOutcome.NoUpdate(NoUpdateReason.UP_TO_DATE, null, 600)));
        assertThat(asked).hasValue(0);
    }

    @Test
    void servesAPendingGrantAgainWithoutCountingItTwice() {
        assertThat(UpdateDecision.decide(servingVersion("3.0.0", false), granted("1.0.0", "2.0.0"), GRANTS))
                .isEqualTo(new Verdict.ServeGrant("2.0.0"));
        assertThat(UpdateDecision.decide(servingVersion("3.0.0", false), granted("1.0.0", "2.0.0").withoutGrant(), GRANTS))
                .isEqualTo(new Verdict.MayGrant());
    }

    @Test
    void offersADowngradeOnlyUnderARollback() {
        assertThat(UpdateDecision.decide(servingVersion("1.0.0", false), on("2.0.0"), GRANTS))
                .isInstanceOf(Verdict.Answer.class);
        assertThat(UpdateDecision.decide(servingVersion("1.0.0", true), on("2.0.0"), GRANTS))
                .isEqualTo(new Verdict.MayGrant());
    }

    @Test
    void holdsAndSaysWhetherTheNodeIsAlreadyHeldForThatReason() {
        var placement = servingVersion("2.0.0", false);

        var fresh = UpdateDecision.decide(placement, on("1.0.0"), PERIOD_LIMIT);
        var again = UpdateDecision.decide(placement,
                new Node("1.0.0", InstanceStatus.ON_HOLD, "period_limit", false, null), PERIOD_LIMIT);
        var otherReason = UpdateDecision.decide(placement,
                new Node("1.0.0", InstanceStatus.ON_HOLD, "paused", false, null), PERIOD_LIMIT);

        assertThat(fresh).isEqualTo(new Verdict.Hold(new RolloutDecision.Hold(HoldReason.PERIOD_LIMIT), false));
        assertThat(again).isEqualTo(new Verdict.Hold(new RolloutDecision.Hold(HoldReason.PERIOD_LIMIT), true));
        assertThat(otherReason).isEqualTo(new Verdict.Hold(new RolloutDecision.Hold(HoldReason.PERIOD_LIMIT), false));
    }

    @Test
    void leavesAGrantToTheRolloutUnderItsLock() {
        assertThat(UpdateDecision.decide(servingVersion("2.0.0", false), on("1.0.0"), GRANTS))
                .isEqualTo(new Verdict.MayGrant());
    }
}
