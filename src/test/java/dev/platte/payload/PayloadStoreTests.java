package dev.platte.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class PayloadStoreTests {

    @TempDir
    Path root;

    private PayloadStore store(DataSize maxFileSize) {
        return new PayloadStore(new PayloadProperties(root, "http://localhost/payloads/", maxFileSize,
                Duration.ofHours(1), Duration.ofHours(24)));
    }

    /** Endless bytes, counting how many were asked for. */
    private static final class Endless extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            read += len;
            return len;
        }
    }

    @Test
    void stopsReadingOneByteAfterTheExpectedSizeAndKeepsNothing() throws IOException {
        var source = new Endless();

        assertThatThrownBy(() -> store(DataSize.ofGigabytes(8)).store(UUID.randomUUID(), "update.gz", source,
                new Expected(100_000L, null, null)))
                .isInstanceOf(PayloadVerificationException.class)
                .hasMessage("update.gz: more than the expected 100000 bytes");

        assertThat(source.read).isEqualTo(100_001);
        assertThat(files()).isEmpty();
    }

    @Test
    void stopsAnUndeclaredFileAtTheConfiguredMaximum() throws IOException {
        var source = new Endless();

        assertThatThrownBy(() -> store(DataSize.ofKilobytes(64)).store(UUID.randomUUID(), "update.gz", source,
                Expected.nothing()))
                .hasMessage("update.gz: more than 65536 bytes (platte.payloads.max-file-size)");

        assertThat(source.read).isEqualTo(65_537);
        assertThat(files()).isEmpty();
    }

    @Test
    void removesItsTemporaryFileWhenTheSourceFails() throws IOException {
        var failing = new InputStream() {
            int left = 10_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset");
                }
                return 1;
            }
        };

        assertThatThrownBy(() -> store(DataSize.ofGigabytes(8)).store(UUID.randomUUID(), "update.gz", failing,
                new Expected(20_000L, null, null))).isInstanceOf(IOException.class);

        assertThat(files()).isEmpty();
    }

    @Test
    void storesAFileOfExactlyTheExpectedSize() throws Exception {
        var store = store(DataSize.ofGigabytes(8));
        var id = UUID.randomUUID();

        var stored = store.store(id, "update.gz", new ByteArrayInputStream(new byte[5000]), new Expected(5000L, null, null));

        assertThat(stored.size()).isEqualTo(5000);
        assertThat(store.find(id, "update.gz")).isPresent();
    }

    @Test
    void deletesAPackagesFilesAndDirectory() throws Exception {
        var store = store(DataSize.ofGigabytes(8));
        var id = UUID.randomUUID();
        store.store(id, "update.gz", new ByteArrayInputStream(new byte[10]), Expected.nothing());
        store.store(id, "oem.gz", new ByteArrayInputStream(new byte[10]), Expected.nothing());

        assertThat(store.deletePackage(id)).isEqualTo(2);

        assertThat(store.find(id, "update.gz")).isEmpty();
        assertThat(root.resolve(id.toString())).doesNotExist();
        assertThat(store.deletePackage(id)).isZero();
    }

    @Test
    void findsOldPackageDirectoriesAndStalePartialFilesOnly() throws Exception {
        var store = store(DataSize.ofGigabytes(8));
        var old = UUID.randomUUID();
        var young = UUID.randomUUID();
        var longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        Files.setLastModifiedTime(Files.createDirectories(root.resolve(old.toString())), longAgo);
        Files.createDirectories(root.resolve(young.toString()));
        Files.setLastModifiedTime(Files.createDirectories(root.resolve("not-a-package")), longAgo);
        var partial = Files.createDirectories(root.resolve(".partial"));
        Files.setLastModifiedTime(Files.write(partial.resolve("upload-1.part"), new byte[1]), longAgo);
        Files.write(partial.resolve("upload-2.part"), new byte[1]);

        var cutoff = Instant.now().minus(Duration.ofDays(1));

        assertThat(store.packageDirectoriesUntouchedSince(cutoff)).containsExactly(old);
        assertThat(store.deletePartialFilesUntouchedSince(cutoff)).isEqualTo(1);
        assertThat(partial.resolve("upload-2.part")).exists();
    }

    @Test
    void refusesNamesThatAreNotPlainFileNames() {
        assertThat(PayloadStore.isPlainFileName("flatcar_production_update.gz")).isTrue();
        assertThat(PayloadStore.isPlainFileName("..")).isFalse();
        assertThat(PayloadStore.isPlainFileName("a/b")).isFalse();
        assertThat(PayloadStore.isPlainFileName("")).isFalse();
        assertThat(store(DataSize.ofGigabytes(1)).find(UUID.randomUUID(), "..")).isEmpty();
    }

    private List<Path> files() throws IOException {
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
