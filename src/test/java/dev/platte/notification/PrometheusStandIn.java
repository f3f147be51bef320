package dev.platte.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for Prometheus's instant query API ({@code /api/v1/query}) on 127.0.0.1, for tests that must
 * decide when a gate breaches: every query gets one sample with the value the test last set, and the
 * queries asked are recorded as Prometheus would read them.
 */
final class PrometheusStandIn implements AutoCloseable {

    private final HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile String value;

    PrometheusStandIn(String value) {
        this.value = value;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/query", exchange -> {
            // Prometheus takes the query from the URL (GET) or a form body (POST).
            var form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var url = exchange.getRequestURI().getRawQuery();
            for (var pair : ((url == null ? "" : url) + "&" + form).split("&")) {
                if (pair.startsWith("query=")) {
                    queries.add(URLDecoder.decode(pair.substring("query=".length()), StandardCharsets.UTF_8));
                }
            }
            var body = """
                    {"status":"success","data":{"resultType":"vector","result":[
                      {"metric":{"instance":"node-1"},"value":[1767225600,"%s"]}]}}""".formatted(this.value)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** What the one sample of every later answer says, such as {@code "0"} or {@code "3"}. */
    void answer(String value) {
        this.value = value;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> queries() {
        return new ArrayList<>(queries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
