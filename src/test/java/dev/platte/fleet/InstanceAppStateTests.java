package dev.platte.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InstanceAppStateTests {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private static InstanceAppState onVersion(String version) {
        return new InstanceAppState(new InstanceAppId("m1", UUID.randomUUID()), null, version, T0);
    }

    @Test
    void walksGrantDownloadInstallAndCompletesWhenReportingTheGrantedVersion() {
        var state = onVersion("1.0.0");

        assertThat(state.grant("2.0.0", T0)).isTrue();
        assertThat(state.markDownloading(T0)).isTrue();
        assertThat(state.markDownloaded(T0)).isTrue();
        assertThat(state.markInstalled(T0)).isTrue();
        assertThat(state.updateInProgress()).isTrue();

        assertThat(state.report(null, "2.0.0", null, true, T0)).isTrue();
        assertThat(state.status()).isEqualTo(InstanceStatus.COMPLETE);
        assertThat(state.updateInProgress()).isFalse();
    }

    @Test
    void doesNotCompleteWhileStillOnTheOldVersion() {
        var state = onVersion("1.0.0");
        state.grant("2.0.0", T0);

        assertThat(state.report(null, "1.0.0", null, true, T0)).isFalse();
        assertThat(state.markRebootedFrom("0.9.0", T0)).isFalse();
        assertThat(state.status()).isEqualTo(InstanceStatus.GRANTED);
    }

    @Test
    void endsTheAttemptOnAnErrorAndKeepsTheCode() {
        var state = onVersion("1.0.0");
        state.grant("2.0.0", T0);
        state.markDownloading(T0);

        assertThat(state.markFailed(268435466L, T0)).isTrue();

        assertThat(state.status()).isEqualTo(InstanceStatus.ERROR);
        assertThat(state.updateInProgress()).isFalse();
        assertThat(state.lastErrorCode()).isEqualTo(268435466L);
    }

    @Test
    void ignoresAnErrorOutsideAnUpdate() {
        var state = onVersion("1.0.0");

        assertThat(state.markFailed(2503, T0)).isFalse();
        assertThat(state.status()).isEqualTo(InstanceStatus.UNDEFINED);
    }

    @Test
    void ignoresAnErrorFromAGrantedNodeThatNeverBegan() {
        var state = onVersion("1.0.0");
        state.grant("2.0.0", T0);

        assertThat(state.markFailed(10, T0)).isFalse();
        assertThat(state.status()).isEqualTo(InstanceStatus.GRANTED);
        assertThat(state.updateInProgress()).isTrue();
    }

    @Test
    void ignoresAnErrorFromANodeThatClaimsToDownloadWithoutAGrant() {
        var state = onVersion("1.0.0");
        state.markDownloading(T0);

        assertThat(state.markFailed(10, T0)).isFalse();
        assertThat(state.status()).isNotEqualTo(InstanceStatus.ERROR);
    }

    @Test
    void movesNoStatusOnReportsFromANodeThatWasNeverGranted() {
        var state = onVersion("1.0.0");

        assertThat(state.markDownloading(T0)).isFalse();
        assertThat(state.markDownloaded(T0)).isFalse();
        assertThat(state.markInstalled(T0)).isFalse();
        assertThat(state.markRebootedFrom("0.9.0", T0)).isFalse();
        assertThat(state.report(null, "9.0.0", "", true, T0)).isFalse();
        assertThat(state.status()).isEqualTo(InstanceStatus.UNDEFINED);
        assertThat(state.updateInProgress()).isFalse();
    }

    @Test
    void reportsNoChangeWhenTheStatusStaysTheSame() {
        var state = onVersion("1.0.0");
        state.hold("paused", T0);

        assertThat(state.hold("paused", T0.plusSeconds(60))).isFalse();
        assertThat(state.statusChangedAt()).isEqualTo(T0);
    }

    @Test
    void clearsTheHoldReasonOnceGranted() {
        var state = onVersion("1.0.0");
        state.hold("paused", T0);

        state.grant("2.0.0", T0);

        assertThat(state.holdReason()).isNull();
    }

    @Test
    void completesAFailedNodeThatRunsTheGrantedVersionAfterAll() {
        var state = onVersion("1.0.0");
        state.grant("2.0.0", T0);
        state.markDownloading(T0);
        state.markFailed(268435465L, T0);

        assertThat(state.report(null, "2.0.0", null, true, T0.plusSeconds(60))).isTrue();

        assertThat(state.status()).isEqualTo(InstanceStatus.COMPLETE);
        assertThat(state.previousStatus()).isEqualTo(InstanceStatus.ERROR);
        assertThat(state.version()).isEqualTo("2.0.0");
    }

    @Test
    void completesByTheSameRuleWhenOnlyThe32EventNamesTheVersionItCameFrom() {
        var state = onVersion("2.0.0");
        state.grant("2.0.0", T0);
        // Held since (e.g. the group paused after the failure): still completes once it runs the grant.
        state.hold("paused", T0);

        assertThat(state.markRebootedFrom("1.0.0", T0)).isTrue();
        assertThat(state.status()).isEqualTo(InstanceStatus.COMPLETE);
    }

    @Test
    void completesATimedOutNodeThatFinishesAfterAll() {
        var state = onVersion("1.0.0");
        state.grant("2.0.0", T0);
        state.markTimedOut(T0);

        assertThat(state.report(null, "2.0.0", null, true, T0)).isTrue();
        assertThat(state.status()).isEqualTo(InstanceStatus.COMPLETE);
    }

    @Test
    void doesNotCompleteAgainANodeHeldForItsNextTarget() {
        var state = onVersion("1.0.0");
        state.grant("2.0.0", T0);
        state.report(null, "2.0.0", null, true, T0);
        state.hold("paused", T0);

        assertThat(state.report(null, "2.0.0", null, true, T0.plusSeconds(60))).isFalse();
        assertThat(state.markRebootedFrom("2.0.0", T0)).isFalse();
        assertThat(state.status()).isEqualTo(InstanceStatus.ON_HOLD);
    }

    @Test
    void ignoresAPreviousVersionThatIsNoVersion() {
        var state = onVersion("2.0.0");
        state.grant("2.0.0", T0);

        assertThat(state.markRebootedFrom("garbage<>", T0)).isFalse();
    }

    @Test
    void completesARollbackDowngradeWhenReportingExactlyTheGrantedOlderVersion() {
        var state = onVersion("3815.2.0");
        state.grant("3760.2.0", T0);
        state.markDownloading(T0);

        assertThat(state.report(null, "3815.2.0", null, true, T0)).isFalse();
        assertThat(state.report(null, "3760.2.0", null, true, T0)).isTrue();
        assertThat(state.status()).isEqualTo(InstanceStatus.COMPLETE);
        assertThat(state.updateInProgress()).isFalse();
    }

    @Test
    void aDowngradeCompletesOnItsRebootEventTooButNotOnAnotherOlderVersion() {
        assertThat(InstanceAppState.completesUpdate("3760.2.0", "3815.2.0", "3760.2.0")).isTrue();
        assertThat(InstanceAppState.completesUpdate("3760.2.0", "3815.2.0", "3700.0.0")).isFalse();
        assertThat(InstanceAppState.completesUpdate("3760.2.0", "3760.2.0", "3760.2.0")).isFalse();
    }
}
