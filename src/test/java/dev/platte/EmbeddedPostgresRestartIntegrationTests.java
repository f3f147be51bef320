package dev.platte;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.platte.config.EmbeddedPostgresProperties;
import dev.platte.support.ApiFixture;
import dev.platte.support.OmahaRequests;
import dev.platte.support.PlatteClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Platte exactly as {@code ./mvnw spring-boot:run} starts it: no datasource configured, so it runs its
 * own PostgreSQL with data on disk. Two starts on one data directory must see the same data.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresRestartIntegrationTests {

    private static final Pattern GENERATED_PASSWORD =
            Pattern.compile("generated password:\\s+(\\S+)\\s", Pattern.MULTILINE);

    @TempDir
    Path dataDirectory;

    @Test
    void keepsEveryApplicationPackageGroupAndInstanceAcrossARestart(CapturedOutput output) {
        String password;
        ApiFixture.Release release;
        var machine = ApiFixture.machineId();
        try (var first = start()) {
            var matcher = GENERATED_PASSWORD.matcher(output.getOut());
            assertThat(matcher.find()).as("the first start prints a generated admin password").isTrue();
            password = matcher.group(1);
            assertThat(first.getBean(HikariDataSource.class).getMaximumPoolSize())
                    .isEqualTo(EmbeddedPostgresProperties.defaultPoolSize(Runtime.getRuntime().availableProcessors()));
            var client = client(first, password);
            release = new ApiFixture(client).release("3815.2.0");
            client.check(OmahaRequests.flatcarNode(release.appId(), machine, release.track()).check("3760.2.0", ""));
        }
        var printedBefore = output.getOut().length();

        try (var second = start("--platte.embedded-postgres.shared-buffers=192MB",
                "--spring.datasource.hikari.maximum-pool-size=3")) {
            assertThat(second.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(3);
            assertThat(output.getOut().substring(printedBefore)).doesNotContain("generated password");
            var database = second.getBean(JdbcTemplate.class);
            assertThat(database.queryForObject("SHOW shared_buffers", String.class)).isEqualTo("192MB");
            assertThat(database.queryForObject("SHOW max_wal_size", String.class)).isEqualTo("2GB");
            assertThat(database.queryForObject("SHOW checkpoint_timeout", String.class)).isEqualTo("15min");
            assertThat(database.queryForObject("SHOW wal_compression", String.class)).isEqualTo("off");
            assertThat(database.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
            assertThat(database.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
            var client = client(second, password);
            assertThat(client.getJson("/api/v1/apps/" + release.appId()).get("id").asString()).isEqualTo(release.appId());
            assertThat(client.getJson("/api/v1/apps/" + release.appId() + "/packages/" + release.packageId())
                    .get("version").asString()).isEqualTo("3815.2.0");
            assertThat(client.getJson("/api/v1/apps/" + release.appId() + "/groups/" + release.groupId())
                    .get("track").asString()).isEqualTo(release.track());
            assertThat(client.getJson("/api/v1/apps/e96281a6-d1af-4bde-9a0a-97b76e56dc57/groups")).hasSize(8);
            var instance = client.getJson("/api/v1/instances/" + machine);
            assertThat(instance.get("applications").get(0).get("status").asString()).isEqualTo("granted");
        }
    }

    private ConfigurableApplicationContext start(String... more) {
        assertThat(System.getenv("SPRING_DATASOURCE_URL")).as("this test runs Platte without a datasource").isNull();
        // Command-line arguments, as a user would pass them: they outrank application.yml.
        var arguments = new ArrayList<>(List.of(
                "--server.port=0", "--platte.embedded-postgres.data-directory=" + dataDirectory.resolve("postgres")));
        arguments.addAll(List.of(more));
        return new SpringApplicationBuilder(PlatteApplication.class).run(arguments.toArray(String[]::new));
    }

    private static PlatteClient client(ConfigurableApplicationContext context, String password) {
        var port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        return new PlatteClient(port, "admin", password);
    }
}
