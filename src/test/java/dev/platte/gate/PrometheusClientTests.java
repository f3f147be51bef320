package dev.platte.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PrometheusClientTests {

    private final PrometheusClient client = new PrometheusClient(new PrometheusProperties(null, null, null, null,
            null, Duration.ofSeconds(1), Duration.ofSeconds(1), 1024, Duration.ofSeconds(1)), null,
            JsonMapper.builder().build());

    private PrometheusClient.Answer parse(int status, String body) {
        return client.parse(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheValuesOfAVector() {
        assertThat(parse(200, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"instance":"a:9100"},"value":[1764583200.123,"1"]},
                  {"metric":{"instance":"b:9100"},"value":[1764583200.123,"+Inf"]}]}}"""))
                .isEqualTo(new PrometheusClient.Answer.Samples(List.of(1.0, Double.POSITIVE_INFINITY)));
        assertThat(parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"))
                .isEqualTo(new PrometheusClient.Answer.Samples(List.of()));
    }

    @Test
    void anErrorAnswerIsAFailureWithPrometheusMessage() {
        var answer = parse(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}");

        assertThat(answer).isInstanceOf(PrometheusClient.Answer.Failure.class);
        assertThat(((PrometheusClient.Answer.Failure) answer).error()).contains("400", "bad_data", "parse error");
        assertThat(parse(502, "<html>bad gateway</html>")).isInstanceOf(PrometheusClient.Answer.Failure.class);
    }

    @Test
    void withoutAConfiguredPrometheusTheGateIsUnknown() {
        assertThat(client.query(null, "up")).isInstanceOf(PrometheusClient.Answer.Failure.class);
    }
}
