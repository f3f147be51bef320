package dev.platte.bench;

import dev.platte.support.PageSignIn;
import dev.platte.PlatteApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Not part of the test suite (its name does not end in Tests). Seeds a fleet of {@code -Dbench.instances}
 * (default 100,000) instances with three status changes each over 30 days into a fresh embedded
 * PostgreSQL, then times the dashboard pages as a browser would fetch them. Run:
 *
 * <pre>./mvnw -q test -Dtest=DashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Results go to target/benchmark/dashboard.txt.
 */
class DashboardBenchmark {

    private static final String PASSWORD = "benchmark-password";
    private static final int ROUNDS = 30;

    @Test
    void measureDashboardPages() throws Exception {
        var instances = Integer.getInteger("bench.instances", 100_000);
        var dataDirectory = Path.of("target", "bench-postgres");
        deleteRecursively(dataDirectory);
        try (var context = new SpringApplicationBuilder(PlatteApplication.class).run(
                "--server.port=0", "--platte.embedded-postgres.data-directory=" + dataDirectory,
                "--platte.admin.password=" + PASSWORD, "--logging.level.root=WARN")) {
            var port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            var jdbc = context.getBean(JdbcTemplate.class);
            var started = System.nanoTime();
            var ids = seed(jdbc, instances);
            var seeding = (System.nanoTime() - started) / 1_000_000;
            var rows = jdbc.queryForObject("select count(*) from instance_status_history", Long.class);

            var report = new StringBuilder();
            report.append("Dashboard benchmark: %,d instances, %,d status history rows (seeded in %,d ms)%n"
                    .formatted(instances, rows, seeding));
            report.append("%-58s %8s %8s %8s %8s%n".formatted("page", "p50 ms", "p95 ms", "max ms", "bytes"));
            var app = ids.get(0);
            var group = ids.get(1);
            // A browser signs in once and sends its session cookie (HTTP Basic would pay bcrypt on every call).
            var cookie = signIn(port);
            for (var path : List.of("/", "/apps/" + app, "/apps/" + app + "/groups/" + group,
                    "/apps/" + app + "/groups/" + group + "/progress",
                    "/apps/" + app + "/groups/" + group + "/timelines?range=30d",
                    "/instances?app=" + app, "/api/v1/apps/" + app + "/groups/" + group + "/stats")) {
                report.append(measure(port, path, cookie)).append('\n');
            }
            report.append("\nQuery plans (EXPLAIN ANALYZE):\n");
            for (var sql : List.of(
                    "SELECT version, status, count(*) FROM instance_app_state WHERE group_id = '%s' AND coalesce(last_check_at, created_at) > now() - interval '30 days' GROUP BY version, status",
                    "SELECT version, count(*) FROM instance_app_state WHERE application_id = '%s' AND coalesce(last_check_at, created_at) > now() - interval '30 days' GROUP BY version",
                    "SELECT date_bin(interval '1 day', bucket_start, TIMESTAMPTZ 'epoch'), status, sum(changes) FROM group_status_bucket WHERE group_id = '%s' AND bucket_start >= now() - interval '30 days' GROUP BY 1, 2")) {
                var id = sql.contains("application_id") ? app : group;
                report.append("-- ").append(sql.formatted(id)).append('\n');
                jdbc.query("EXPLAIN ANALYZE " + sql.formatted(id), rs -> {
                    report.append("   ").append(rs.getString(1)).append('\n');
                });
            }
            Files.createDirectories(Path.of("target", "benchmark"));
            Files.writeString(Path.of("target", "benchmark", "dashboard.txt"), report);
            System.out.println(report);
        }
    }

    /** One application, two groups on one channel; 70% of instances still on the old version. */
    private static List<String> seed(JdbcTemplate jdbc, int instances) {
        var app = UUID.randomUUID();
        var oldPackage = UUID.randomUUID();
        var newPackage = UUID.randomUUID();
        var channel = UUID.randomUUID();
        var groupA = UUID.randomUUID();
        var groupB = UUID.randomUUID();
        jdbc.update("insert into application (id, name, description) values (?, 'Bench OS', '')", app);
        for (var pkg : List.of(new Object[] {oldPackage, "3760.2.0"}, new Object[] {newPackage, "3815.2.0"})) {
            jdbc.update("""
                    insert into package (id, application_id, version, arch, type, codebase_url, file_name, size, sha1, sha256)
                    values (?, ?, ?, 'amd64', 'flatcar', 'https://example.com/', 'update.gz', 1000, ?, ?)""",
                    pkg[0], app, pkg[1], "I6DGNAOrJRUxPbCuLw+AITfiVMo=", "stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=");
        }
        jdbc.update("insert into channel (id, application_id, name, arch, package_id) values (?, ?, 'stable', 'amd64', ?)",
                channel, app, newPackage);
        jdbc.update("insert into update_group (id, application_id, name, track, channel_id) values (?, ?, 'Fleet A', 'a', ?)",
                groupA, app, channel);
        jdbc.update("insert into update_group (id, application_id, name, track, channel_id) values (?, ?, 'Fleet B', 'b', ?)",
                groupB, app, channel);
        jdbc.update("""
                insert into instance (machine_id, ip, alias, oem, first_seen_at, last_seen_at)
                select md5('bench' || i), '10.' || (i / 65536) || '.' || (i / 256 % 256) || '.' || (i % 256), '', 'ami',
                       now() - interval '60 days', now() - (i % 7200) * interval '1 second'
                from generate_series(1, ?) i""", instances);
        jdbc.update("""
                insert into instance_app_state (machine_id, application_id, group_id, version, status, status_changed_at,
                                                update_in_progress, last_granted_version, last_granted_at, last_check_at, created_at)
                select md5('bench' || i), ?, case when i % 2 = 0 then ?::uuid else ?::uuid end,
                       case when i % 10 < 3 then '3815.2.0' else '3760.2.0' end,
                       case when i % 10 < 3 then 'complete' when i % 10 = 3 then 'downloading'
                            when i % 10 = 4 then 'error' when i % 10 = 5 then 'on_hold' else 'undefined' end,
                       now(), i % 10 = 3, '3815.2.0', now() - (i % 43200) * interval '1 minute', now(), now() - interval '60 days'
                from generate_series(1, ?) i""", app, groupA, groupB, instances);
        jdbc.update("""
                insert into instance_status_history (machine_id, application_id, group_id, status, version, created_at)
                select md5('bench' || i), ?, case when i % 2 = 0 then ?::uuid else ?::uuid end, s.status, '3815.2.0',
                       now() - (i % 43200) * interval '1 minute' + s.step * interval '10 minutes'
                from generate_series(1, ?) i
                cross join (values ('granted', 0), ('downloading', 1), ('complete', 2)) as s(status, step)""",
                app, groupA, groupB, instances);
        jdbc.update("""
                insert into group_status_bucket (group_id, bucket_start, status, version, changes)
                select group_id, date_bin(interval '5 minutes', created_at, timestamptz 'epoch'), status,
                       case when status = 'complete' then version else '' end, count(*)
                from instance_status_history group by 1, 2, 3, 4""");
        // Steady state: autovacuum would have set the visibility map by now.
        jdbc.execute("vacuum analyze");
        return List.of(app.toString(), groupA.toString());
    }

    private static String signIn(int port) {
        var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        return PageSignIn.session(http, "http://localhost:" + port, "admin", PASSWORD);
    }

    private static String measure(int port, String path, String cookie) throws Exception {
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(path.startsWith("/api/") ? "Authorization" : "Cookie", path.startsWith("/api/")
                        ? "Bearer " + token(port, cookie) : cookie)
                .header("Accept", path.startsWith("/api/") ? "application/json" : "text/html").GET().build();
        for (int i = 0; i < 5; i++) {
            http.send(request, BodyHandlers.ofString());
        }
        var times = new ArrayList<Long>();
        int bytes = 0;
        for (int i = 0; i < ROUNDS; i++) {
            var start = System.nanoTime();
            var response = http.send(request, BodyHandlers.ofString());
            times.add((System.nanoTime() - start) / 1_000);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            bytes = response.body().length();
        }
        Collections.sort(times);
        return "%-58s %8.1f %8.1f %8.1f %8d".formatted(path.length() > 58 ? path.substring(0, 55) + "..." : path,
                times.get(ROUNDS / 2) / 1000.0, times.get((int) (ROUNDS * 0.95)) / 1000.0,
                times.get(ROUNDS - 1) / 1000.0, bytes);
    }

    private static String apiToken;

    /** The API takes tokens (a SHA-256 lookup) rather than sessions; make one through the pages' session. */
    private static String token(int port, String cookie) throws Exception {
        if (apiToken == null) {
            var http = HttpClient.newHttpClient();
            var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tokens"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"benchmark\",\"role\":\"viewer\"}")).build(),
                    BodyHandlers.ofString());
            var matcher = java.util.regex.Pattern.compile("\"secret\":\"([^\"]+)\"").matcher(response.body());
            matcher.find();
            apiToken = matcher.group(1);
        }
        return apiToken;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var files = Files.walk(path)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
