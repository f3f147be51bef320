package dev.platte.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Debian's real Prometheus and Alertmanager, started on free ports with their own temporary configuration and
 * data, scraping a metric the test sets (a text-exposition endpoint on 127.0.0.1) and routing alerts to
 * Platte's receiver. Without the binaries a test fails when CI is set and is skipped otherwise.
 */
final class PrometheusStack implements AutoCloseable {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");

    /** Series the test sets: metric name plus label set, e.g. {@code platte_test_failed{track="x"}}, to a value. */
    final Map<String, Double> series = new ConcurrentHashMap<>();
    final int prometheusPort;
    final int alertmanagerPort;
    private final Path directory;
    private final HttpServer metrics;
    private final Process prometheus;
    private final Process alertmanager;

    private PrometheusStack(int plattePort, String alertToken) throws IOException {
        directory = Files.createTempDirectory("platte-prometheus");
        metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metrics.createContext("/metrics", exchange -> {
            var text = new StringBuilder();
            series.forEach((name, value) -> text.append(name).append(' ').append(value).append('\n'));
            var body = text.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        metrics.start();
        prometheusPort = freePort();
        alertmanagerPort = freePort();
        Files.writeString(directory.resolve("alertmanager.yml"), """
                route:
                  receiver: platte
                  group_by: ['alertname', 'platte_track']
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: platte
                    webhook_configs:
                      - url: http://127.0.0.1:%d/api/v1/alertmanager
                        send_resolved: true
                        http_config:
                          authorization:
                            credentials: %s
                """.formatted(plattePort, alertToken));
        Files.writeString(directory.resolve("rules.yml"), """
                groups:
                  - name: platte-test
                    interval: 1s
                    rules:
                      - alert: KubeletFailed
                        expr: platte_test_alert > 0
                        for: 0s
                        annotations:
                          summary: 'kubelet failed on {{ $labels.platte_track }}'
                """);
        Files.writeString(directory.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ['%s']
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['127.0.0.1:%d']
                scrape_configs:
                  - job_name: platte-test
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(directory.resolve("rules.yml"), alertmanagerPort, metrics.getAddress().getPort()));
        alertmanager = start("alertmanager", ALERTMANAGER.toString(),
                "--config.file=" + directory.resolve("alertmanager.yml"),
                "--storage.path=" + directory.resolve("alertmanager-data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address=");
        prometheus = start("prometheus", PROMETHEUS.toString(), "--config.file=" + directory.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + directory.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort);
        awaitReady("http://127.0.0.1:" + alertmanagerPort + "/-/ready");
        awaitReady("http://127.0.0.1:" + prometheusPort + "/-/ready");
    }

    /** Starts the stack, or skips the test (fails it when CI is set) without Debian's packages. */
    static PrometheusStack start(int plattePort, String alertToken) throws IOException {
        var installed = Files.isExecutable(PROMETHEUS) && Files.isExecutable(ALERTMANAGER);
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI needs Debian's prometheus and prometheus-alertmanager packages (.ci/run installs them)");
        }
        assumeTrue(installed, "apt-get install prometheus prometheus-alertmanager to run this test");
        return new PrometheusStack(plattePort, alertToken);
    }

    String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort;
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process start(String name, String... command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile()).start();
    }

    private void awaitReady(String url) {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(false).as("%s ready; logs in %s", url, directory).isTrue();
    }

    @Override
    public void close() throws IOException {
        for (var process : new Process[] {prometheus, alertmanager}) {
            if (process != null) {
                process.destroy();
            }
        }
        for (var process : new Process[] {prometheus, alertmanager}) {
            try {
                if (process != null && !process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        metrics.stop(0);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
