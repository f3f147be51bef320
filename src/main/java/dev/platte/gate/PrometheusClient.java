package dev.platte.gate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Instant queries against Prometheus' HTTP API ({@code POST /api/v1/query}), with a bounded answer. */
@Component
class PrometheusClient {

    private final PrometheusProperties properties;
    private final HttpClient http;
    private final JsonMapper json;

    PrometheusClient(PrometheusProperties properties, SslBundles sslBundles, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        var builder = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (properties.sslBundle() != null && !properties.sslBundle().isBlank()) {
            builder.sslContext(sslBundles.getBundle(properties.sslBundle()).createSslContext());
        }
        this.http = builder.build();
    }

    /** The answer to one query. */
    sealed interface Answer {
        /** The values of the samples of an instant vector or the value of a scalar; empty when nothing matched. */
        record Samples(List<Double> values) implements Answer {}

        record Failure(String error) implements Answer {}
    }

    /** Queries {@code override} if given (without credentials), else the configured Prometheus. */
    Answer query(String override, String promql) {
        var base = override != null ? override : properties.url();
        if (base == null || base.isBlank()) {
            return new Answer.Failure("no Prometheus configured (platte.prometheus.url)");
        }
        var request = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + "/api/v1/query"))
                .timeout(properties.queryTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        if (override == null) {
            if (properties.bearerToken() != null && !properties.bearerToken().isBlank()) {
                request.header("Authorization", "Bearer " + properties.bearerToken());
            } else if (properties.username() != null && !properties.username().isBlank()) {
                var pair = properties.username() + ":" + (properties.password() == null ? "" : properties.password());
                request.header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
        }
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (var in = response.body()) {
                body = readAtMost(in, properties.maxResponseBytes());
            }
            if (body == null) {
                return new Answer.Failure("answer larger than " + properties.maxResponseBytes() + " bytes");
            }
            return parse(response.statusCode(), body);
        } catch (IOException e) {
            return new Answer.Failure("cannot reach Prometheus: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Failure("interrupted");
        } catch (IllegalArgumentException e) {
            return new Answer.Failure("bad Prometheus URL: " + e.getMessage());
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Null when the stream has more than {@code limit} bytes. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        var bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    Answer parse(int status, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return new Answer.Failure("HTTP " + status + ", not JSON");
        }
        if (!"success".equals(root.path("status").asString(""))) {
            return new Answer.Failure("HTTP %d: %s: %s".formatted(status, root.path("errorType").asString("error"),
                    root.path("error").asString("no error message")));
        }
        var data = root.path("data");
        var type = data.path("resultType").asString("");
        var result = data.path("result");
        var values = new ArrayList<Double>();
        switch (type) {
            case "vector" -> {
                for (var sample : result) {
                    values.add(number(sample.path("value").path(1).asString("NaN")));
                }
            }
            case "scalar" -> values.add(number(result.path(1).asString("NaN")));
            default -> {
                return new Answer.Failure("the query must give an instant vector or a scalar, not " + type);
            }
        }
        return new Answer.Samples(values);
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }
}
