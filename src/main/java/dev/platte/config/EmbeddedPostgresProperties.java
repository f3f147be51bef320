package dev.platte.config;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The PostgreSQL that Platte starts itself when no {@code spring.datasource.url} is configured.
 *
 * @param dataDirectory where the cluster's files live; kept across restarts
 * @param port the port to listen on, 0 for any free port
 * @param sharedBuffers PostgreSQL's own page cache; unset: a quarter of the memory this machine or container
 *     has, at least 128 MB and at most 1 GB. PostgreSQL touches it only as it fills.
 * @param maxWalSize how much write-ahead log may accumulate before a checkpoint is forced
 * @param walCompression PostgreSQL's {@code wal_compression} for the whole pages the write-ahead log holds after each
 *     checkpoint: {@code off}, or {@code pglz} (the only method the bundled PostgreSQL has) for about a third of the log
 *     at several times the database's CPU per page written
 */
@ConfigurationProperties("platte.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("./data/postgres") Path dataDirectory,
        @DefaultValue("0") int port,
        DataSize sharedBuffers,
        @DefaultValue("2GB") DataSize maxWalSize,
        @DefaultValue("off") String walCompression) {

    private static final Set<String> WAL_COMPRESSIONS = Set.of("off", "on", "pglz");

    private static final DataSize LEAST_SHARED_BUFFERS = DataSize.ofMegabytes(128);
    private static final DataSize MOST_SHARED_BUFFERS = DataSize.ofGigabytes(1);

    public EmbeddedPostgresProperties {
        // Said here, at start, rather than by a database that will not start.
        if (!WAL_COMPRESSIONS.contains(walCompression)) {
            throw new IllegalArgumentException("platte.embedded-postgres.wal-compression must be one of off, on or pglz"
                    + " (the bundled PostgreSQL has no other method), got " + walCompression);
        }
    }

    /**
     * How many connections Platte opens to it unless {@code spring.datasource.hikari.maximum-pool-size} says:
     * four per processor, 4 to 10 (HikariCP's default). It shares this machine's processors with Platte, and
     * backends beyond what they run at once only queue for them: at a million instances on 2 processors, 8
     * connections halved the p99 of unchanged checks against 10 (52–56 to 25–32 ms) at about the same rate.
     */
    public static int defaultPoolSize(int processors) {
        return Math.clamp(4L * processors, 4, 10);
    }

    /** The configured size, or the default for the memory at hand, in whole megabytes (PostgreSQL's unit here). */
    public long sharedBuffersMegabytes() {
        if (sharedBuffers != null) {
            return Math.max(1, sharedBuffers.toMegabytes());
        }
        var memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Math.clamp(memory / 4, LEAST_SHARED_BUFFERS.toBytes(), MOST_SHARED_BUFFERS.toBytes()) / (1024 * 1024);
    }
}
