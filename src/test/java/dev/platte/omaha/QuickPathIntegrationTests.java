package dev.platte.omaha;

import static dev.platte.support.Requests.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.platte.fleet.LastSeenBuffer;
import dev.platte.rollout.ServingSnapshots;
import dev.platte.support.ApiFixture;
import dev.platte.support.MutableClock;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hot path: a check-in that changes nothing is answered from the serving snapshot with one read and
 * its last-seen time written later in a batch; any change, made on this replica or directly in the
 * database (as another replica would), is seen on the very next check.
 */
class QuickPathIntegrationTests extends ServerTest {

    private static final String UPDATE_STATUS = "/response/app/updatecheck/@status";

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LastSeenBuffer lastSeen;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ServingSnapshots serving;

    @BeforeEach
    void pinClock() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void answersAnUnchangedCheckFromOneReadAndWritesItsLastSeenTimeInABatch() {
        var release = fixture.release("2.0.0");
        var node = node(release);
        assertThat(check(node, "2.0.0")).isEqualTo("noupdate");
        var registeredAt = lastCheckAt(node);
        awaitCurrentSnapshot();
        var quickBefore = quickAnswers();

        clock.advance(Duration.ofMinutes(5));
        assertThat(check(node, "2.0.0")).isEqualTo("noupdate");

        assertThat(quickAnswers()).isEqualTo(quickBefore + 1);
        assertThat(lastCheckAt(node)).as("not written while answering").isEqualTo(registeredAt);
        lastSeen.flush();
        assertThat(lastCheckAt(node)).isEqualTo(clock.instant());
        assertThat(lastSeenAt(node)).isEqualTo(clock.instant());
        assertThat(statusHistory(node)).isZero();
    }

    @Test
    void writesNothingForACheckWithinTheLastSeenResolution() {
        var release = fixture.release("2.0.0");
        var node = node(release);
        check(node, "2.0.0");
        clock.advance(Duration.ofSeconds(10));

        check(node, "2.0.0");

        assertThat(lastSeen.pendingCount()).isZero();
    }

    @Test
    void answersAPingOfAKnownNodeQuickly() {
        var release = fixture.release("2.0.0");
        var node = node(release);
        check(node, "2.0.0");
        awaitCurrentSnapshot();
        var quickBefore = quickAnswers();
        clock.advance(Duration.ofMinutes(5));

        var pong = client.check(node.ping("2.0.0"));

        assertThat(pong.value("/response/app/ping/@status")).isEqualTo("ok");
        assertThat(quickAnswers()).isEqualTo(quickBefore + 1);
        lastSeen.flush();
        assertThat(lastSeenAt(node)).isEqualTo(clock.instant());
    }

    @Test
    void seesAPromotionMadeByAnotherReplicaOnTheNextCheck() {
        var release = fixture.release("2.0.0");
        var node = node(release);
        assertThat(check(node, "2.0.0")).isEqualTo("noupdate");
        check(node, "2.0.0");
        var newer = fixture.pkg(release.appId(), "3.0.0");

        // As another replica would: straight in the database, nothing published in this process.
        jdbc.update("UPDATE channel SET package_id = ? WHERE id = ?", UUID.fromString(newer),
                UUID.fromString(release.channelId()));

        assertThat(check(node, "2.0.0")).isEqualTo("ok");
        assertThat(status(node)).isEqualTo("granted");
    }

    @Test
    void holdsAtOnceWhenAnotherReplicaPausesTheGroup() {
        var release = fixture.release("2.0.0");
        var held = node(release);
        var moving = node(release);
        jdbc.update("UPDATE update_group SET paused_at = now(), paused_by = 'sre', paused_reason = 'bad release' "
                + "WHERE id = ?", UUID.fromString(release.groupId()));
        assertThat(check(held, "1.0.0")).isEqualTo("noupdate");
        assertThat(check(held, "1.0.0")).isEqualTo("noupdate");
        assertThat(holdReason(held)).isEqualTo("paused");

        jdbc.update("UPDATE update_group SET paused_at = NULL, paused_by = NULL, paused_reason = NULL WHERE id = ?",
                UUID.fromString(release.groupId()));

        assertThat(check(held, "1.0.0")).isEqualTo("ok");
        assertThat(check(moving, "1.0.0")).isEqualTo("ok");
    }

    @Test
    void answersARepeatedHoldQuicklyAndAChangedHoldInFull() {
        var release = fixture.release("2.0.0", policy().maxUpdates(1, Duration.ofHours(1)));
        var first = node(release);
        var second = node(release);
        assertThat(check(first, "1.0.0")).isEqualTo("ok");
        assertThat(check(second, "1.0.0")).isEqualTo("noupdate");
        assertThat(holdReason(second)).isEqualTo("period_limit");
        awaitCurrentSnapshot();
        var quickBefore = quickAnswers();

        assertThat(check(second, "1.0.0")).isEqualTo("noupdate");
        assertThat(quickAnswers()).isEqualTo(quickBefore + 1);

        clock.advance(Duration.ofMinutes(61));
        assertThat(check(second, "1.0.0")).as("the period is over").isEqualTo("ok");
    }

    @Test
    void recordsEventsBeforeAnsweringEvenForAKnownNode() {
        var release = fixture.release("2.0.0");
        var node = node(release);
        assertThat(check(node, "1.0.0")).isEqualTo("ok");

        client.check(node.event("1.0.0", 13, 1));

        assertThat(status(node)).isEqualTo("downloading");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM instance_event WHERE machine_id = ?", Integer.class,
                node.machineId())).isEqualTo(1);
    }

    @Test
    void leavesTheMachineRowOfAnEventAloneUntilItsDetailsChangeOrItsLastSeenTimeIsDue() {
        var release = fixture.release("2.0.0");
        var node = node(release);
        assertThat(check(node, "1.0.0")).isEqualTo("ok");
        var registered = machineRowVersion(node);

        clock.advance(Duration.ofSeconds(10));
        client.check(node.event("1.0.0", 13, 1));
        assertThat(status(node)).isEqualTo("downloading");
        assertThat(machineRowVersion(node)).as("same details, seen within the resolution").isEqualTo(registered);

        clock.advance(Duration.ofMinutes(2));
        client.check(node.event("1.0.0", 14, 1));
        assertThat(status(node)).isEqualTo("downloaded");
        assertThat(lastSeenAt(node)).as("seen longer ago than the resolution").isEqualTo(clock.instant());

        // As if the node had reported another OEM version before: what it reports now is written at once.
        jdbc.update("UPDATE instance SET oem_version = '0.1.0' WHERE machine_id = ?", node.machineId());
        clock.advance(Duration.ofSeconds(10));
        client.check(node.event("1.0.0", 3, 1));
        assertThat(status(node)).isEqualTo("installed");
        assertThat(jdbc.queryForObject("SELECT oem_version FROM instance WHERE machine_id = ?", String.class,
                node.machineId())).isEqualTo("0.1.1-r1");
    }

    @Test
    void writesPendingLastSeenTimesWhenStopping() {
        var release = fixture.release("2.0.0");
        var node = node(release);
        check(node, "2.0.0");
        awaitCurrentSnapshot();
        clock.advance(Duration.ofMinutes(5));
        check(node, "2.0.0");
        assertThat(lastSeen.pendingCount()).isEqualTo(1);

        lastSeen.stop();
        lastSeen.start();

        assertThat(lastSeen.pendingCount()).isZero();
        assertThat(lastCheckAt(node)).isEqualTo(clock.instant());
    }

    private OmahaRequests node(ApiFixture.Release release) {
        return OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(), release.track());
    }

    private String check(OmahaRequests node, String version) {
        return client.check(node.check(version, "")).value(UPDATE_STATUS);
    }

    /** The snapshot is rebuilt by the first check that notices a change; here the test does it. */
    private void awaitCurrentSnapshot() {
        var revision = jdbc.queryForObject("SELECT revision FROM catalog_revision", Long.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> serving.atLeast(revision) != null);
    }

    private double quickAnswers() {
        return meters.find("platte.omaha.requests").tag("path", "quick").timers().stream()
                .mapToDouble(timer -> timer.count()).sum();
    }

    private Instant lastCheckAt(OmahaRequests node) {
        return jdbc.queryForObject("SELECT last_check_at FROM instance_app_state WHERE machine_id = ?", Timestamp.class,
                node.machineId()).toInstant();
    }

    private Instant lastSeenAt(OmahaRequests node) {
        return jdbc.queryForObject("SELECT last_seen_at FROM instance WHERE machine_id = ?", Timestamp.class,
                node.machineId()).toInstant();
    }

    /** Changes with each new version of the machine's row, not when the row is only locked. */
    private String machineRowVersion(OmahaRequests node) {
        return jdbc.queryForObject("SELECT xmin::text FROM instance WHERE machine_id = ?", String.class, node.machineId());
    }

    private String status(OmahaRequests node) {
        return jdbc.queryForObject("SELECT status FROM instance_app_state WHERE machine_id = ?", String.class,
                node.machineId());
    }

    private String holdReason(OmahaRequests node) {
        return jdbc.queryForObject("SELECT hold_reason FROM instance_app_state WHERE machine_id = ?", String.class,
                node.machineId());
    }

    private int statusHistory(OmahaRequests node) {
        return jdbc.queryForObject("SELECT count(*) FROM instance_status_history WHERE machine_id = ?", Integer.class,
                node.machineId());
    }
}
