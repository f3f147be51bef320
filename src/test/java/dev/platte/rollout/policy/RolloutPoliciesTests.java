package dev.platte.rollout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutPoliciesTests {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String MACHINE = "ec22ce10dc18aadd41c80d8f78b341a0";
    private static final String TARGET = "3815.2.0";

    private static GroupPolicy policy() {
        return GroupPolicy.unrestricted();
    }

    private static GroupPolicy with(GroupPolicy p, Integer maxPerPeriod, Integer maxConcurrent, boolean safeMode) {
        return new GroupPolicy(p.updatesEnabled(), p.paused(), safeMode, maxPerPeriod, p.updatePeriod(), maxConcurrent,
                p.updateTimeout(), p.windows(), p.ramp(), p.autoHalt());
    }

    private static RolloutProgress progress(int grants, int inProgress, CanaryState canary) {
        return new RolloutProgress(NOW.minus(Duration.ofDays(1)), grants, inProgress, canary);
    }

    private static String outcome(RolloutDecision decision) {
        return switch (decision) {
            case RolloutDecision.Grant grant -> grant.canary() ? "CANARY" : "GRANT";
            case RolloutDecision.Hold hold -> hold.reason().name();
        };
    }

    @ParameterizedTest(name = "enabled={0}, paused={1} -> {2}")
    @CsvSource({
        "true,  false, GRANT",
        "true,  true,  PAUSED",
        "false, false, UPDATES_DISABLED",
        "false, true,  UPDATES_DISABLED",
    })
    void grantsOnlyWhenUpdatesAreEnabledAndTheGroupRuns(boolean enabled, boolean paused, String expected) {
        var p = new GroupPolicy(enabled, paused, false, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(),
                null, null);

        assertThat(outcome(RolloutPolicies.decide(p, progress(0, 0, CanaryState.NONE), MACHINE, TARGET, NOW)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "paused={0}, gate unknown={1} -> {2}")
    @CsvSource({
        "false, true,  GATE_UNKNOWN",
        "true,  true,  PAUSED",
        "false, false, GRANT",
    })
    void holdsWhileAHealthGateIsUnknownUnlessTheGroupIsPausedAnyway(boolean paused, boolean gateUnknown,
            String expected) {
        var p = new GroupPolicy(true, paused, false, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(),
                null, null, true, gateUnknown);

        assertThat(outcome(RolloutPolicies.decide(p, progress(0, 0, CanaryState.NONE), MACHINE, TARGET, NOW)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "max {0}/period, {1} granted -> {2}")
    @CsvSource({
        "1,   0, GRANT",
        "1,   1, PERIOD_LIMIT",
        "5,   4, GRANT",
        "5,   5, PERIOD_LIMIT",
        "5,   9, PERIOD_LIMIT",
        ",  1000, GRANT",
    })
    void grantsUpdateBelowPeriodLimit(Integer max, int granted, String expected) {
        var p = with(policy(), max, null, false);

        assertThat(outcome(RolloutPolicies.decide(p, progress(granted, 0, CanaryState.NONE), MACHINE, TARGET, NOW)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "max {0} concurrent, {1} running -> {2}")
    @CsvSource({
        "1, 0, GRANT",
        "1, 1, CONCURRENCY_LIMIT",
        "3, 2, GRANT",
        "3, 3, CONCURRENCY_LIMIT",
        ", 500, GRANT",
    })
    void grantsUpdateBelowConcurrencyLimit(Integer max, int running, String expected) {
        var p = with(policy(), null, max, false);

        assertThat(outcome(RolloutPolicies.decide(p, progress(0, running, CanaryState.NONE), MACHINE, TARGET, NOW)))
                .isEqualTo(expected);
    }

    @Test
    void checksThePeriodAndConcurrencyLimitsSeparately() {
        var p = with(policy(), 10, 2, false);

        assertThat(outcome(RolloutPolicies.decide(p, progress(3, 2, CanaryState.NONE), MACHINE, TARGET, NOW)))
                .isEqualTo("CONCURRENCY_LIMIT");
        assertThat(outcome(RolloutPolicies.decide(p, progress(10, 0, CanaryState.NONE), MACHINE, TARGET, NOW)))
                .isEqualTo("PERIOD_LIMIT");
    }

    @ParameterizedTest(name = "canary {0} -> {1}")
    @CsvSource({
        "NONE,      CANARY",
        "PENDING,   AWAITING_CANARY",
        "SUCCEEDED, GRANT",
        "FAILED,    PAUSED",
    })
    void letsExactlyOneCanaryGoFirstInSafeMode(CanaryState canary, String expected) {
        var p = with(policy(), null, null, true);

        assertThat(outcome(RolloutPolicies.decide(p, progress(0, 0, canary), MACHINE, TARGET, NOW)))
                .isEqualTo(expected);
    }

    @Test
    void letsThePendingCanaryTakeItsNextStep() {
        var p = with(policy(), null, null, true);
        var pending = new RolloutProgress(NOW, 0, 1, CanaryState.PENDING, MACHINE);

        assertThat(outcome(RolloutPolicies.decide(p, pending, MACHINE, TARGET, NOW))).isEqualTo("CANARY");
        assertThat(outcome(RolloutPolicies.decide(p, pending, "another", TARGET, NOW))).isEqualTo("AWAITING_CANARY");
    }

    @Test
    void doesNotPickACanaryWhileALimitHolds() {
        var p = with(policy(), 1, null, true);

        assertThat(outcome(RolloutPolicies.decide(p, progress(1, 0, CanaryState.NONE), MACHINE, TARGET, NOW)))
                .isEqualTo("PERIOD_LIMIT");
    }

    @Test
    void grantsToZeroInstancesWithoutCountingAnything() {
        assertThat(outcome(RolloutPolicies.decide(policy(), progress(0, 0, CanaryState.NONE), MACHINE, TARGET, NOW)))
                .isEqualTo("GRANT");
    }

    @Nested
    class MaintenanceWindows {

        private final ZoneId berlin = ZoneId.of("Europe/Berlin");
        private final MaintenanceWindow weekdayOfficeHours = new MaintenanceWindow(
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0), berlin);

        private String at(String instant, MaintenanceWindow... windows) {
            var p = new GroupPolicy(true, false, false, null, Duration.ofHours(1), null, Duration.ofHours(1),
                    List.of(windows), null, null);
            return outcome(RolloutPolicies.admit(p, MACHINE, TARGET, NOW, Instant.parse(instant)));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            // Monday 23 Nov 2026; Berlin is UTC+1 in winter.
            "2026-11-23T07:59:59Z, OUTSIDE_WINDOW",
            "2026-11-23T08:00:00Z, GRANT",
            "2026-11-23T15:59:59Z, GRANT",
            "2026-11-23T16:00:00Z, OUTSIDE_WINDOW",
            // Saturday
            "2026-11-28T10:00:00Z, OUTSIDE_WINDOW",
            // Summer: UTC+2, so 09:00 Berlin is 07:00 UTC.
            "2026-07-06T07:00:00Z, GRANT",
            "2026-07-06T06:59:59Z, OUTSIDE_WINDOW",
        })
        void grantsOnlyInsideTheWindowInItsTimeZone(String instant, String expected) {
            assertThat(at(instant, weekdayOfficeHours)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            // 2026-03-29: clocks jump 02:00 -> 03:00 in Berlin. A 01:30-03:30 window is 01:30-02:00 and 03:00-03:30 local.
            "2026-03-29T00:29:59Z, OUTSIDE_WINDOW",
            "2026-03-29T00:30:00Z, GRANT",
            "2026-03-29T01:29:59Z, GRANT",
            "2026-03-29T01:30:00Z, OUTSIDE_WINDOW",
        })
        void followsTheWallClockAcrossTheSpringDstJump(String instant, String expected) {
            var night = new MaintenanceWindow(EnumSet.of(DayOfWeek.SUNDAY), LocalTime.of(1, 30), LocalTime.of(3, 30),
                    berlin);

            assertThat(at(instant, night)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "2026-11-27T22:59:59Z, OUTSIDE_WINDOW",
            "2026-11-27T23:00:00Z, GRANT",
            "2026-11-28T03:59:59Z, GRANT",
            "2026-11-28T04:00:00Z, OUTSIDE_WINDOW",
        })
        void runsAnOvernightWindowPastMidnight(String instant, String expected) {
            // Friday 23:00 to Saturday 04:00 in UTC.
            var overnight = new MaintenanceWindow(EnumSet.of(DayOfWeek.FRIDAY), LocalTime.of(23, 0), LocalTime.of(4, 0),
                    ZoneId.of("UTC"));

            assertThat(at(instant, overnight)).isEqualTo(expected);
        }

        @Test
        void grantsInsideAnyOfSeveralWindows() {
            var weekend = new MaintenanceWindow(EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(0, 0), LocalTime.of(6, 0),
                    ZoneId.of("America/New_York"));

            assertThat(at("2026-11-28T06:00:00Z", weekdayOfficeHours, weekend)).isEqualTo("GRANT");
            assertThat(at("2026-11-28T12:00:00Z", weekdayOfficeHours, weekend)).isEqualTo("OUTSIDE_WINDOW");
        }
    }

    @Nested
    class Ramps {

        private final Ramp ramp = new Ramp(10, Duration.ofHours(10));
        private final Instant start = NOW;

        @Test
        void growsLinearlyFromTheStartShareToEveryone() {
            assertThat(ramp.shareAt(start, start)).isEqualTo(1_000);
            assertThat(ramp.shareAt(start, start.plus(Duration.ofHours(5)))).isEqualTo(5_500);
            assertThat(ramp.shareAt(start, start.plus(Duration.ofHours(10)))).isEqualTo(10_000);
            assertThat(ramp.shareAt(start, start.plus(Duration.ofDays(30)))).isEqualTo(10_000);
            assertThat(ramp.shareAt(start, start.minusSeconds(5))).isEqualTo(1_000);
        }

        @ParameterizedTest(name = "after {0} h about {1}% admitted")
        @CsvSource({"0, 10", "2.5, 32.5", "5, 55", "9, 91", "10, 100"})
        void admitsTheRightShareOfTenThousandMachinesWithinThreePercent(double hours, double expectedPercent) {
            var now = start.plus(Duration.ofMinutes((long) (hours * 60)));
            var admitted = IntStream.range(0, 10_000)
                    .filter(i -> ramp.admits(machine(i), TARGET, start, now))
                    .count();

            assertThat(admitted / 100.0).isCloseTo(expectedPercent, org.assertj.core.data.Offset.offset(3.0));
        }

        @Test
        void neverDropsAMachineOnceAdmitted() {
            for (int i = 0; i < 2_000; i++) {
                var machine = machine(i);
                boolean admittedBefore = false;
                for (int hour = 0; hour <= 10; hour++) {
                    var admitted = ramp.admits(machine, TARGET, start, start.plus(Duration.ofHours(hour)));
                    assertThat(admitted || !admittedBefore).as("machine %s at hour %d", machine, hour).isTrue();
                    admittedBefore = admitted;
                }
            }
        }

        @Test
        void letsADifferentSubsetGoFirstForEachRelease() {
            var firstRelease = IntStream.range(0, 1_000).filter(i -> ramp.admits(machine(i), "3815.2.0", start, start))
                    .boxed().toList();
            var secondRelease = IntStream.range(0, 1_000).filter(i -> ramp.admits(machine(i), "3850.0.0", start, start))
                    .boxed().toList();

            assertThat(firstRelease).isNotEqualTo(secondRelease);
            assertThat(Ramp.bucket(MACHINE, TARGET)).isEqualTo(Ramp.bucket(MACHINE, TARGET));
        }

        @Test
        void holdsMachinesOutsideTheRamp() {
            var p = new GroupPolicy(true, false, false, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(),
                    new Ramp(0, Duration.ofDays(7)), null);

            assertThat(outcome(RolloutPolicies.admit(p, MACHINE, TARGET, NOW, NOW))).isEqualTo("NOT_IN_RAMP");
            assertThat(outcome(RolloutPolicies.admit(p, MACHINE, TARGET, NOW, NOW.plus(Duration.ofDays(7)))))
                    .isEqualTo("GRANT");
        }

        private static String machine(int i) {
            return "%032x".formatted((long) i * 2_654_435_761L);
        }
    }

    @Nested
    class AutoHalts {

        @ParameterizedTest(name = "{0} attempts, {1} failures -> trips: {2}")
        @CsvSource({
            "10, 2, false",
            "10, 3, true",
            "100, 3, true",
            "0, 0, false",
        })
        void tripsAtTheFailureCountAndNotOneBelow(int attempts, int failures, boolean trips) {
            var halt = new AutoHalt(3, null, 10);

            assertThat(halt.evaluate(attempts, failures)).isEqualTo(trips
                    ? halt.evaluate(attempts, failures)
                    : java.util.Optional.empty());
            assertThat(halt.evaluate(attempts, failures).isPresent()).isEqualTo(trips);
        }

        @ParameterizedTest(name = "{0} attempts, {1} failures -> trips: {2}")
        @CsvSource({
            "9,  9, false",
            "10, 1, false",
            "10, 2, true",
            "20, 3, false",
            "20, 4, true",
        })
        void tripsAtThePercentageOnlyOnceEnoughNodesTried(int attempts, int failures, boolean trips) {
            var halt = new AutoHalt(null, 20, 10);

            assertThat(halt.evaluate(attempts, failures).isPresent()).isEqualTo(trips);
        }

        @Test
        void saysWhichThresholdTrippedWithTheNumbers() {
            assertThat(new AutoHalt(null, 20, 10).evaluate(10, 2).orElseThrow().description())
                    .contains("2 of 10").contains("20%");
            assertThat(new AutoHalt(3, null, 10).evaluate(4, 3).orElseThrow().description())
                    .contains("3 failures").contains("limit of 3");
        }
    }

    @Nested
    class Rollback {

        @Test
        void anOrdinaryTargetIsOfferedOnlyToNodesBelowIt() {
            assertThat(RolloutPolicies.offers(1, false)).isTrue();
            assertThat(RolloutPolicies.offers(0, false)).isFalse();
            assertThat(RolloutPolicies.offers(-1, false)).as("an ordinary promotion never downgrades").isFalse();
        }

        @Test
        void aRollbackTargetIsAlsoOfferedAsADowngradeToNodesAboveIt() {
            assertThat(RolloutPolicies.offers(-1, true)).isTrue();
            assertThat(RolloutPolicies.offers(1, true)).isTrue();
            assertThat(RolloutPolicies.offers(0, true)).as("a node already back on it").isFalse();
        }
    }
}
