package dev.platte.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL that Platte starts itself when no {@code spring.datasource.url} is configured.
 *
 * @param dataDirectory where the cluster's files live; kept across restarts
 * @param port the port to listen on, 0 for any free port
 */
@ConfigurationProperties("platte.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("./data/postgres") Path dataDirectory, @DefaultValue("0") int port) {}
