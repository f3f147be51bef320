package dev.platte.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A group's pause and resume and the events each raises, without Spring or a database. */
class UpdateGroupTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final UUID APP = UUID.randomUUID();

    private static UpdateGroup group() {
        var group = new UpdateGroup(APP, "canary", "", "beta", null, NOW);
        group.changePolicy(UpdateGroup.PolicySettings.defaults());
        return group;
    }

    private static GroupRollout rolloutOf(UpdateGroup group, String version) {
        var rollout = new GroupRollout();
        rollout.restart(group, UUID.randomUUID(), version, NOW);
        rollout.recordGrant("m1", false);
        rollout.recordGrant("m2", false);
        rollout.recordFailure("m2");
        return rollout;
    }

    @Test
    void takesItsCreationTimeFromTheCaller() {
        assertThat(group().createdAt()).isEqualTo(NOW);
    }

    @Test
    void aPersonsPauseRaisesGroupPausedWithWhoWhyAndTheRolloutsNumbers() {
        var group = group();

        group.pause("  bad kernel  ", "alice", NOW, rolloutOf(group, "4081.2.0"));

        assertThat(group.pausedAt()).isEqualTo(NOW);
        assertThat(group.pausedBy()).isEqualTo("alice");
        var paused = (GroupPaused) group.raisedEvents().getLast();
        assertThat(paused.cause()).isEqualTo(PauseCause.PERSON);
        assertThat(paused.actor()).isEqualTo("alice");
        assertThat(paused.reason()).isEqualTo("bad kernel");
        assertThat(paused.targetVersion()).isEqualTo("4081.2.0");
        assertThat(paused.attempts()).isEqualTo(2);
        assertThat(paused.failures()).isEqualTo(1);
        assertThat(paused.at()).isEqualTo(NOW);
        assertThat(paused.before()).containsEntry("pausedAt", null);
        assertThat(paused.after()).containsEntry("pausedBy", "alice").containsEntry("pausedReason", "bad kernel");
        assertThat(paused.feedEntry().message()).isEqualTo("Group canary paused: bad kernel");
        assertThat(paused.auditEntry().action()).isEqualTo("group.pause");
        assertThat(paused.auditEntry().actor()).as("the signed-in user").isNull();
    }

    @Test
    void aPauseWithoutReasonOrOfAPausedGroupIsRefusedAndRaisesNothing() {
        var group = group();
        assertThatThrownBy(() -> group.pause(" ", "alice", NOW, null)).isInstanceOf(InvalidInputException.class);
        group.pause("first", "alice", NOW, null);

        assertThatThrownBy(() -> group.pause("second", "bob", NOW, null)).isInstanceOf(ConflictException.class);

        assertThat(group.raisedEvents()).hasSize(1);
        assertThat(group.pausedReason()).isEqualTo("first");
    }

    @Test
    void anAutomaticPauseOfAPausedGroupKeepsTheFirstReasonAndRaisesNothing() {
        var group = group();
        assertThat(group.pauseAutomatically(PauseCause.GATE, "kubelet down", "gate:kubelet", NOW, null)).isTrue();

        assertThat(group.pauseAutomatically(PauseCause.ALERT, "alert firing", "alert:x", NOW, null)).isFalse();

        assertThat(group.raisedEvents()).hasSize(1);
        var paused = (GroupPaused) group.raisedEvents().getFirst();
        assertThat(paused.cause()).isEqualTo(PauseCause.GATE);
        assertThat(paused.targetVersion()).isNull();
        assertThat(paused.auditEntry().actor()).isEqualTo("gate:kubelet");
        assertThat(paused.feedEntry().message()).isEqualTo("Group canary paused: kubelet down");
        assertThat(group.pausedAutomatically()).isTrue();
    }

    @Test
    void platteOwnPauseIsInTheFeedButNotInTheAuditTrail() {
        var group = group();

        group.pauseAutomatically(PauseCause.AUTO_HALT, "Auto-halt of 1.0.1: 3 of 4 failed", "platte", NOW, null);

        var paused = (GroupPaused) group.raisedEvents().getFirst();
        assertThat(paused.auditEntry()).isNull();
        assertThat(paused.feedEntry().message()).isEqualTo("Auto-halt of 1.0.1: 3 of 4 failed");
        assertThat(paused.feedEntry().actor()).isEqualTo("platte");
    }

    @Test
    void resumingRaisesGroupResumedWithThePauseItEnds() {
        var group = group();
        var pausedAt = NOW.minus(Duration.ofMinutes(5));
        group.pause("bad kernel", "alice", pausedAt, null);

        group.resume("bob", "fixed", false, NOW);

        assertThat(group.pausedAt()).isNull();
        assertThat(group.pausedReason()).isNull();
        var resumed = (GroupResumed) group.raisedEvents().getLast();
        assertThat(resumed).extracting(GroupResumed::actor, GroupResumed::reason, GroupResumed::pausedReason,
                GroupResumed::pausedAt, GroupResumed::at).containsExactly("bob", "fixed", "bad kernel", pausedAt, NOW);
        assertThat(resumed.feedEntry().message()).isEqualTo("Group canary resumed: fixed (was paused: bad kernel)");
        assertThat(resumed.auditEntry().actor()).as("the signed-in user").isNull();
        assertThat(resumed.before()).containsEntry("pausedBy", "alice");
        assertThat(resumed.after()).containsEntry("pausedBy", null);
    }

    @Test
    void anAlertResumingTheGroupItPausedIsOnRecordAsTheAlert() {
        var group = group();
        group.pauseAutomatically(PauseCause.ALERT, "disk full", "alert:disk", NOW, null);

        group.resume("alert:disk", "resolved", true, NOW);

        var resumed = (GroupResumed) group.raisedEvents().getLast();
        assertThat(resumed.auditEntry().actor()).isEqualTo("alert:disk");
        assertThat(resumed.feedEntry().message()).isEqualTo("Group canary resumed: resolved (was paused: disk full)");
    }

    @Test
    void resumingAGroupThatRunsIsRefused() {
        var group = group();

        assertThatThrownBy(() -> group.resume("bob", null, false, NOW)).isInstanceOf(ConflictException.class);
        assertThat(group.raisedEvents()).isEmpty();
    }
}
