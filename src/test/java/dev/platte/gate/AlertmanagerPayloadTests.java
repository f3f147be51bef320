package dev.platte.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AlertmanagerPayloadTests {

    /** As Alertmanager 0.25's webhook notifier sends it. */
    private static final String PAYLOAD = """
            {"receiver":"platte","status":"firing","alerts":[
              {"status":"firing","labels":{"alertname":"KubeletFailed","instance":"node-1:9100","platte_group":"stable"},
               "annotations":{"summary":"kubelet failed on node-1"},"startsAt":"2026-12-01T10:00:00.000Z",
               "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus/graph","fingerprint":"7c1f8a2b3d4e5f60"},
              {"status":"resolved","labels":{"alertname":"NodeDown"},"annotations":{},
               "startsAt":"2026-12-01T09:00:00Z","endsAt":"2026-12-01T09:30:00Z","generatorURL":"","fingerprint":""}],
             "groupLabels":{"alertname":"KubeletFailed"},"commonLabels":{"alertname":"KubeletFailed"},
             "commonAnnotations":{},"externalURL":"http://alertmanager:9093","version":"4",
             "groupKey":"{}:{alertname=\\"KubeletFailed\\"}","truncatedAlerts":0}""";

    @Test
    void readsAlertsWithTheirNameSummaryAndFingerprint() {
        var notification = JsonMapper.builder().build().readValue(PAYLOAD, AlertNotification.class);

        assertThat(notification.version()).isEqualTo("4");
        var firing = notification.alerts().getFirst();
        assertThat(firing.firing()).isTrue();
        assertThat(firing.name()).isEqualTo("KubeletFailed");
        assertThat(firing.summary()).isEqualTo("kubelet failed on node-1");
        assertThat(firing.identity()).isEqualTo("7c1f8a2b3d4e5f60");
        var resolved = notification.alerts().get(1);
        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.summary()).isEqualTo("no summary");
        assertThat(resolved.identity()).as("labels stand in for a missing fingerprint").contains("NodeDown");
    }

    @Test
    void matchesWhenEveryMatcherLabelHasItsValue() {
        var labels = Map.of("alertname", "KubeletFailed", "platte_group", "stable", "region", "eu");

        assertThat(AlertMatchers.defaultFor("stable").matches(labels)).isTrue();
        assertThat(AlertMatchers.defaultFor("beta").matches(labels)).isFalse();
        assertThat(new AlertMatchers(Map.of("platte_group", "stable", "region", "eu")).matches(labels)).isTrue();
        assertThat(new AlertMatchers(Map.of("platte_group", "stable", "region", "us")).matches(labels)).isFalse();
        assertThat(new AlertMatchers(Map.of()).matches(labels)).as("no matchers match nothing").isFalse();
    }
}
