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
    void sendsTheConfiguredCredentialsOnlyToTheConfiguredPrometheusAndBoundsTheAnswer() throws Exception {
        var seen = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var body = new java.util.concurrent.atomic.AtomicReference<>(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            var form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + form + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            var bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            var url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            var basic = new PrometheusClient(new PrometheusProperties(url, null, "platte", "s3cret", null,
                    Duration.ofSeconds(1), Duration.ofSeconds(2), 1024, Duration.ofSeconds(1)), null, JsonMapper.builder().build());
            var bearer = new PrometheusClient(new PrometheusProperties(url, "t0ken", null, null, null,
                    Duration.ofSeconds(1), Duration.ofSeconds(2), 1024, Duration.ofSeconds(1)), null, JsonMapper.builder().build());

            assertThat(basic.query(null, "up == 0")).isEqualTo(new PrometheusClient.Answer.Samples(List.of()));
            assertThat(bearer.query(null, "up")).isInstanceOf(PrometheusClient.Answer.Samples.class);
            assertThat(bearer.query(url, "up")).as("a gate's own Prometheus").isInstanceOf(PrometheusClient.Answer.Samples.class);
            assertThat(seen).containsExactly(
                    "POST query=up+%3D%3D+0 Basic " + java.util.Base64.getEncoder().encodeToString("platte:s3cret".getBytes(StandardCharsets.UTF_8)),
                    "POST query=up Bearer t0ken",
                    "POST query=up null");

            body.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + "{},".repeat(400) + "{}]}}");
            assertThat(bearer.query(null, "up")).isEqualTo(new PrometheusClient.Answer.Failure("answer larger than 1024 bytes"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutAConfiguredPrometheusTheGateIsUnknown() {
        assertThat(client.query(null, "up")).isInstanceOf(PrometheusClient.Answer.Failure.class);
    }
}
