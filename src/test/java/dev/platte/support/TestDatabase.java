package dev.platte.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real PostgreSQL every integration test in a run shares: a Testcontainers {@code postgres:18}
 * when a Docker engine answers, otherwise an embedded PostgreSQL 18. Tests keep their data apart by
 * naming things uniquely, so one database serves them all.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    public record Connection(String url, String username, String password) {}

    private static Connection connection;

    private TestDatabase() {}

    public static synchronized Connection connection() {
        if (connection == null) {
            connection = dockerAvailable() ? startContainer() : startEmbedded();
        }
        return connection;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper at JVM exit
    private static Connection startContainer() {
        var container = new PostgreSQLContainer("postgres:18");
        container.start();
        log.info("Tests use PostgreSQL in a Testcontainers container: {}", container.getJdbcUrl());
        return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static Connection startEmbedded() {
        try {
            var postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting; nothing left to do
                }
            }));
            var url = postgres.getJdbcUrl("postgres", "postgres");
            log.info("No Docker engine answered: tests use an embedded PostgreSQL at {}", url);
            return new Connection(url, "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
