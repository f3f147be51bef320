package dev.platte.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.catalog.ApplicationService;
import dev.platte.rollout.GroupService;
import dev.platte.support.ApiFixture;
import dev.platte.support.MutableClock;
import dev.platte.support.ServerTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The audit trail and the activity feed hear of a change from its event, in the change's own transaction. */
class ChangeEventsIntegrationTests extends ServerTest {

    @Autowired
    GroupService groups;

    @Autowired
    ApplicationService applications;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aChangeThatRollsBackLeavesNoAuditEntryAndNoFeedLine() {
        var release = fixture.release("3.0.0");
        var groupId = UUID.fromString(release.groupId());

        assertThatThrownBy(() -> new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            groups.pause(applications.application(release.appId()), groupId, "never happened", "admin");
            throw new IllegalStateException("a later step of the same change failed");
        })).hasMessageContaining("later step");

        assertThat(auditFor("group", release.groupId())).extracting(entry -> entry.get("action").asString())
                .doesNotContain("group.pause");
        assertThat(pausedLines(release.groupId())).isZero();

        client.ok("POST", "/api/v1/apps/" + release.appId() + "/groups/" + release.groupId() + "/pause",
                Map.of("reason", "this one commits"));

        var pause = auditFor("group", release.groupId()).stream()
                .filter(entry -> entry.get("action").asString().equals("group.pause")).toList();
        assertThat(pause).hasSize(1);
        assertThat(pause.getFirst().get("after").get("pausedReason").asString()).isEqualTo("this one commits");
        assertThat(pausedLines(release.groupId())).isEqualTo(1);
    }

    @Test
    void newApplicationsTakeTheirCreationTimeFromTheClock() {
        var now = Instant.parse("2031-05-04T03:02:01Z");
        clock.set(now);

        var app = fixture.application(ApiFixture.unique("clock"));

        assertThat(Instant.parse(client.getJson("/api/v1/apps/" + app).get("createdAt").asString())).isEqualTo(now);
    }

    private List<JsonNode> auditFor(String type, String id) {
        var items = new ArrayList<JsonNode>();
        client.getJson("/api/v1/audit?targetType=" + type + "&targetId=" + id).get("items").forEach(items::add);
        return items;
    }

    private int pausedLines(String groupId) {
        return client.getJson("/api/v1/activity?group=" + groupId + "&kind=group_paused").get("totalItems").asInt();
    }
}
