package dev.platte.payload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Payload files on disk, one directory per package. A file is written under a temporary name while its
 * size and digests are computed, and becomes visible (renamed) only once verified: a partial or
 * corrupted payload is never served. Writing stops as soon as a file passes its expected size (or
 * {@code platte.payloads.max-file-size}), so a source that sends more than it declared fills no disk.
 */
@Component
public class PayloadStore {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._+-]{1,255}");
    private static final String PARTIAL = ".partial";

    private final PayloadProperties properties;

    PayloadStore(PayloadProperties properties) {
        this.properties = properties;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    public String codebaseFor(UUID packageId) {
        return properties.codebaseFor(packageId);
    }

    /** Whether {@code fileName} can be stored: a plain name, no path. */
    public static boolean isPlainFileName(String fileName) {
        return fileName != null && FILE_NAME.matcher(fileName).matches() && !fileName.equals(".")
                && !fileName.equals("..");
    }

    /**
     * Streams {@code content} to the store, verifying it against {@code expected}. Reads at most one byte
     * more than the expected size (or the configured maximum); {@code content} is left open for its owner.
     */
    public StoredPayload store(UUID packageId, String fileName, InputStream content, Expected expected)
            throws IOException, PayloadVerificationException {
        var target = pathOf(packageId, fileName);
        var partial = root().resolve(PARTIAL);
        Files.createDirectories(partial);
        var temporary = Files.createTempFile(partial, "upload-", ".part");
        try {
            var sha1 = digest("SHA-1");
            var sha256 = digest("SHA-256");
            var size = copyAtMost(new DigestInputStream(new DigestInputStream(content, sha1), sha256), temporary,
                    fileName, expected);
            var sha256Bytes = sha256.digest();
            var stored = new StoredPayload(fileName, size, Base64.getEncoder().encodeToString(sha1.digest()),
                    Base64.getEncoder().encodeToString(sha256Bytes), HexFormat.of().formatHex(sha256Bytes));
            verify(stored, expected);
            Files.createDirectories(target.getParent());
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return stored;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private long copyAtMost(InputStream in, Path temporary, String fileName, Expected expected)
            throws IOException, PayloadVerificationException {
        var maximum = properties.maxFileSize().toBytes();
        var limit = expected.size() == null ? maximum : Math.min(expected.size(), maximum);
        var buffer = new byte[64 * 1024];
        long size = 0;
        try (var out = Files.newOutputStream(temporary)) {
            int read;
            // Never asks for more than one byte past the limit: that byte alone proves the file too long.
            while ((read = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - size))) != -1) {
                size += read;
                if (size > limit) {
                    throw new PayloadVerificationException(expected.size() != null && expected.size() <= maximum
                            ? "%s: more than the expected %d bytes".formatted(fileName, expected.size())
                            : "%s: more than %d bytes (platte.payloads.max-file-size)".formatted(fileName, maximum));
                }
                out.write(buffer, 0, read);
            }
        }
        return size;
    }

    public void delete(UUID packageId, String fileName) throws IOException {
        Files.deleteIfExists(pathOf(packageId, fileName));
    }

    /** Removes every file of the package and its directory; returns how many files there were. */
    public int deletePackage(UUID packageId) throws IOException {
        if (!enabled()) {
            return 0;
        }
        var directory = root().resolve(packageId.toString());
        var deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (var file : files) {
                Files.deleteIfExists(file);
                deleted++;
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        Files.deleteIfExists(directory);
        return deleted;
    }

    /** Package directories not written to since {@code cutoff}, by package id. */
    public List<UUID> packageDirectoriesUntouchedSince(Instant cutoff) throws IOException {
        var found = new ArrayList<UUID>();
        if (!enabled() || !Files.isDirectory(root())) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root(), Files::isDirectory)) {
            for (var entry : entries) {
                var id = packageId(entry.getFileName().toString());
                if (id.isPresent() && Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                    found.add(id.get());
                }
            }
        }
        return found;
    }

    /** Deletes temporary files not written to since {@code cutoff} (left by a crash); returns how many. */
    public int deletePartialFilesUntouchedSince(Instant cutoff) throws IOException {
        if (!enabled()) {
            return 0;
        }
        var partial = root().resolve(PARTIAL);
        var deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(partial)) {
            for (var file : files) {
                if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)
                        && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return deleted;
    }

    public Optional<Path> find(UUID packageId, String fileName) {
        if (!enabled() || !isPlainFileName(fileName)) {
            return Optional.empty();
        }
        var path = pathOf(packageId, fileName);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    private static Optional<UUID> packageId(String directoryName) {
        try {
            var id = UUID.fromString(directoryName);
            return id.toString().equals(directoryName) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void verify(StoredPayload stored, Expected expected) throws PayloadVerificationException {
        if (expected.size() != null && expected.size() != stored.size()) {
            throw new PayloadVerificationException("%s: size %d, expected %d".formatted(stored.fileName(),
                    stored.size(), expected.size()));
        }
        if (expected.sha1Base64() != null && !expected.sha1Base64().equals(stored.sha1Base64())) {
            throw new PayloadVerificationException(stored.fileName() + ": SHA-1 does not match");
        }
        if (expected.sha256() != null && !expected.sha256().equals(stored.sha256Base64())
                && !expected.sha256().equalsIgnoreCase(stored.sha256Hex())) {
            throw new PayloadVerificationException(stored.fileName() + ": SHA-256 does not match");
        }
    }

    private Path pathOf(UUID packageId, String fileName) {
        if (!isPlainFileName(fileName)) {
            throw new IllegalArgumentException("not a payload file name");
        }
        return root().resolve(packageId.toString()).resolve(fileName);
    }

    private Path root() {
        if (!enabled()) {
            throw new IllegalStateException("payload hosting is off: set platte.payloads.directory");
        }
        return properties.directory().toAbsolutePath().normalize();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
