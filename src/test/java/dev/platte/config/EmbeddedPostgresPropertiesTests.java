package dev.platte.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class EmbeddedPostgresPropertiesTests {

    @Test
    void sharedBuffersAsConfiguredWhenSet() {
        assertThat(properties(DataSize.ofMegabytes(300)).sharedBuffersMegabytes()).isEqualTo(300);
    }

    @Test
    void sharedBuffersDefaultToAQuarterOfTheMemoryBetween128MegabytesAndOneGigabyte() {
        var memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        var expected = Math.min(1024, Math.max(128, memory / 4 / (1024 * 1024)));
        assertThat(properties(null).sharedBuffersMegabytes()).isEqualTo(expected).isBetween(128L, 1024L);
    }

    @Test
    void poolDefaultsToFourConnectionsPerProcessorFromFourToTen() {
        assertThat(EmbeddedPostgresProperties.defaultPoolSize(1)).isEqualTo(4);
        assertThat(EmbeddedPostgresProperties.defaultPoolSize(2)).isEqualTo(8);
        assertThat(EmbeddedPostgresProperties.defaultPoolSize(3)).isEqualTo(10);
        assertThat(EmbeddedPostgresProperties.defaultPoolSize(64)).isEqualTo(10);
    }

    @Test
    void walCompressionOutsideWhatTheBundledPostgresHasIsRefusedByName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EmbeddedPostgresProperties(Path.of("data"), 0, null, DataSize.ofGigabytes(2), "lz4"))
                .withMessageContaining("platte.embedded-postgres.wal-compression").withMessageContaining("lz4");
        assertThat(new EmbeddedPostgresProperties(Path.of("data"), 0, null, DataSize.ofGigabytes(2), "pglz").walCompression())
                .isEqualTo("pglz");
    }

    private static EmbeddedPostgresProperties properties(DataSize sharedBuffers) {
        return new EmbeddedPostgresProperties(Path.of("data"), 0, sharedBuffers, DataSize.ofGigabytes(2), "on");
    }
}
