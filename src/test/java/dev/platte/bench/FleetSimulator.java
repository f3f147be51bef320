package dev.platte.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Simulates Flatcar nodes against a Platte URL with update_engine's request shapes: periodic checks with
 * jitter, and on a grant the events through download, install and reboot, then the first check on the
 * new version. A share of updates fails with update_engine's error codes. Bounded in time; it stops by
 * itself. Run it against a server you started:
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.platte.bench.FleetSimulator \
 *   -Dexec.args="http://localhost:8080/v1/update/ e96281a6-d1af-4bde-9a0a-97b76e56dc57 stable 200 PT10S PT5M 0.05"</pre>
 *
 * (arguments: URL, app id, track, nodes, check interval, duration, failure rate).
 */
public final class FleetSimulator {

    private static final Pattern MANIFEST_VERSION = Pattern.compile("<manifest version=\"([^\"]+)\"");

    /** What a run did. */
    public record Report(long requests, long grants, long completions, long failures, long errors5xx,
            List<Long> latenciesMicros) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI url;
    private final String appId;
    private final String track;

    public FleetSimulator(URI url, String appId, String track) {
        this.url = url;
        this.appId = appId;
        this.track = track;
    }

    public static void main(String[] args) throws Exception {
        var simulator = new FleetSimulator(URI.create(args[0]), args[1], args[2]);
        var report = simulator.run(Integer.parseInt(args[3]), Duration.parse(args[4]), Duration.parse(args[5]),
                Double.parseDouble(args[6]), "1000.0.0");
        var sorted = new ArrayList<>(report.latenciesMicros());
        Collections.sort(sorted);
        System.out.printf("%d requests, %d grants, %d completed, %d failed, %d HTTP 5xx; p50 %.1f ms, p99 %.1f ms%n",
                report.requests(), report.grants(), report.completions(), report.failures(), report.errors5xx(),
                percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0);
    }

    /** Runs {@code nodes} nodes on {@code startVersion} for {@code duration}; each checks every {@code interval}. */
    public Report run(int nodes, Duration interval, Duration duration, double failureRate, String startVersion)
            throws InterruptedException {
        var deadline = System.nanoTime() + duration.toNanos();
        var requests = new AtomicLong();
        var grants = new AtomicLong();
        var completions = new AtomicLong();
        var failures = new AtomicLong();
        var errors = new AtomicLong();
        var latencies = new ConcurrentLinkedQueue<Long>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < nodes; i++) {
                var machine = UUID.randomUUID().toString().replace("-", "");
                var random = new Random(i);
                pool.submit(() -> {
                    var version = startVersion;
                    // Spread the first checks over one interval, like a fleet that booted over time.
                    sleep((long) (random.nextDouble() * interval.toMillis()));
                    while (System.nanoTime() < deadline) {
                        var answer = send(check(machine, version, ""), requests, errors, latencies);
                        var offered = answer == null ? null : MANIFEST_VERSION.matcher(answer);
                        if (offered != null && offered.find()) {
                            grants.incrementAndGet();
                            var target = offered.group(1);
                            send(event(machine, version, 13, 1, null), requests, errors, latencies);
                            if (random.nextDouble() < failureRate) {
                                send(event(machine, version, 3, 0, 268435466L), requests, errors, latencies);
                                failures.incrementAndGet();
                            } else {
                                send(event(machine, version, 14, 1, null), requests, errors, latencies);
                                send(event(machine, version, 3, 1, null), requests, errors, latencies);
                                send(ping(machine, version), requests, errors, latencies);
                                send(check(machine, target, version), requests, errors, latencies);
                                version = target;
                                completions.incrementAndGet();
                            }
                        }
                        // 45 minutes ± 5 in production; compressed here, with the same relative jitter.
                        sleep((long) (interval.toMillis() * (0.89 + 0.22 * random.nextDouble())));
                    }
                    return null;
                });
            }
        }
        return new Report(requests.get(), grants.get(), completions.get(), failures.get(), errors.get(),
                List.copyOf(latencies));
    }

    private String send(String body, AtomicLong requests, AtomicLong errors, ConcurrentLinkedQueue<Long> latencies) {
        try {
            var start = System.nanoTime();
            var response = http.send(HttpRequest.newBuilder(url).header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
            latencies.add((System.nanoTime() - start) / 1_000);
            requests.incrementAndGet();
            if (response.statusCode() >= 500) {
                errors.incrementAndGet();
            }
            return response.body();
        } catch (Exception e) {
            errors.incrementAndGet();
            return null;
        }
    }

    String check(String machine, String version, String previousVersion) {
        return wrap(machine, version, """
                <ping active="1"></ping><updatecheck></updatecheck><event eventtype="3" eventresult="2" previousversion="%s"></event>"""
                .formatted(previousVersion));
    }

    String ping(String machine, String version) {
        return wrap(machine, version, "<ping active=\"1\"></ping>");
    }

    String event(String machine, String version, int type, int result, Long errorCode) {
        return wrap(machine, version, "<event eventtype=\"%d\" eventresult=\"%d\"%s></event>".formatted(type, result,
                errorCode == null ? "" : " errorcode=\"" + errorCode + "\""));
    }

    private String wrap(String machine, String version, String children) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" installsource="scheduler" ismachine="1">
                <os version="Chateau" platform="CoreOS" sp="%s_x86_64"></os>
                <app appid="{%s}" version="%s" track="%s" bootid="{%s}" oem="qemu" oemversion="0.1" alephversion="3033.2.0" machineid="%s" machinealias="" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false">%s</app>
                </request>""".formatted(version, appId, version, track, UUID.randomUUID(), machine, children);
    }

    static double percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
