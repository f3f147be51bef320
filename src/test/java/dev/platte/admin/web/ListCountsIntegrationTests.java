package dev.platte.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.common.Count;
import dev.platte.database.RowCounter;
import dev.platte.support.ApiFixture;
import dev.platte.support.ServerTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Lists count exactly while they are short, and say "about" once counting them would cost the page. */
class ListCountsIntegrationTests extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RowCounter counter;

    @Test
    void countsUpToTenThousandRowsExactlyAndMoreAsThePlannersEstimate() {
        assertThat(counter.count("SELECT 1 FROM generate_series(1, ?)", 12)).isEqualTo(Count.exactly(12));
        assertThat(counter.count("SELECT 1 FROM generate_series(1, ?)", RowCounter.EXACT_UP_TO))
                .isEqualTo(Count.exactly(RowCounter.EXACT_UP_TO));

        var many = counter.count("SELECT 1 FROM generate_series(1, ?)", 50_000);

        assertThat(many.exact()).isFalse();
        assertThat(many.value()).isBetween(10_001L, 100_000L);
    }

    @Test
    void showsALongInstanceListAsAnEstimateAndAShortOneExactly() throws Exception {
        var release = fixture.release("2.0.0");
        var prefix = "c0ffee" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        jdbc.update("""
                INSERT INTO instance (machine_id, ip, first_seen_at, last_seen_at)
                SELECT ? || lpad(i::text, 8, '0'), '10.9.0.1', now(), now() FROM generate_series(1, 10001) i""",
                prefix);
        jdbc.update("""
                INSERT INTO instance_app_state (machine_id, application_id, group_id, version, status,
                                                status_changed_at, last_check_at, created_at)
                SELECT ? || lpad(i::text, 8, '0'), ?::uuid, ?::uuid, '1.0.0', 'complete', now(), now(), now()
                FROM generate_series(1, 10001) i""", prefix, release.appId(), release.groupId());
        try {
            var list = client.get("/instances?app=" + release.appId());
            var api = client.getJson("/api/v1/instances?app=" + release.appId() + "&size=10");
            var one = client.getJson("/api/v1/instances?app=" + release.appId() + "&q=" + prefix + "00000007");
            var lastPage = client.getJson("/api/v1/instances?app=" + release.appId() + "&size=500&page=20");

            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).containsPattern("about [0-9.,]+( million)? in all").contains("Next");
            assertThat(api.get("totalExact").asBoolean()).isFalse();
            assertThat(api.get("totalItems").asLong()).isGreaterThan(RowCounter.EXACT_UP_TO);
            assertThat(api.get("items")).hasSize(10);
            assertThat(one.get("totalExact").asBoolean()).isTrue();
            assertThat(one.get("totalItems").asInt()).isEqualTo(1);
            // The last page knows the total exactly, whatever was estimated.
            assertThat(lastPage.get("items")).hasSize(1);
            assertThat(lastPage.get("totalExact").asBoolean()).isTrue();
            assertThat(lastPage.get("totalItems").asInt()).isEqualTo(10_001);
        } finally {
            jdbc.update("DELETE FROM instance WHERE machine_id LIKE ?", prefix + "%");
        }
    }

    @Test
    void showsTheActiveInstancesOfAnApplicationExactlyWhileFew() throws Exception {
        var release = fixture.release("2.0.0");
        for (int i = 0; i < 3; i++) {
            client.check(dev.platte.support.OmahaRequests.flatcarNode(release.appId(), ApiFixture.machineId(),
                    release.track()).check("1.0.0", ""));
        }

        var overview = client.get("/");

        assertThat(overview.body()).containsPattern("<span>3</span>\\s*instances active in the last 24 hours");
    }
}
