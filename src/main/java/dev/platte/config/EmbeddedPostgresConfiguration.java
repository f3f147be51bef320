package dev.platte.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL next to Platte when no external database is configured, so that a fresh
 * machine runs the server with one command. Its data directory is kept, so a restart loses nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
        var dataDirectory = properties.dataDirectory().toAbsolutePath().normalize();
        Files.createDirectories(dataDirectory);
        var builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // Stopped by Spring (destroyMethod) after the graceful shutdown and the beans that write on
                // the way out; a JVM shutdown hook of its own would stop it while requests still drain.
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "100")
                // zonky starts PostgreSQL for tests: fsync off (-F) and asynchronous commits. Platte answers a
                // node only once its state change is durable, so the embedded database flushes like any other.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // PostgreSQL's defaults suit a small test cluster: 128 MB of cache, and a checkpoint every
                // 1 GB of WAL. Check-ins update rows all over the instance tables, so with those, a million
                // instances no longer fit in the cache and most writes log a whole page (a checkpoint came
                // in between): the fleet benchmark's database CPU per check fell by a third with these.
                .setServerConfig("shared_buffers", properties.sharedBuffersMegabytes() + "MB")
                .setServerConfig("max_wal_size", properties.maxWalSize().toMegabytes() + "MB")
                .setServerConfig("checkpoint_timeout", "15min")
                // Off by default: compressing those whole pages (pglz) made a batch of last-seen writes take four
                // times as long, and unchanged checks' p99 was 19 to 22 ms without it against 25 to 27 ms with it.
                .setServerConfig("wal_compression", properties.walCompression());
        if (properties.port() > 0) {
            builder.setPort(properties.port());
        }
        var postgres = builder.start();
        log.info("Started embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
        return postgres;
    }

    /** Bound to {@code spring.datasource.hikari.*} like an external one, so its timeouts apply here too. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        var dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("platte-embedded");
        // Before binding, so that a configured maximum-pool-size still wins.
        dataSource.setMaximumPoolSize(EmbeddedPostgresProperties.defaultPoolSize(Runtime.getRuntime().availableProcessors()));
        return dataSource;
    }
}
