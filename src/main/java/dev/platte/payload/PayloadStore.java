package dev.platte.payload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Payload files on disk, one directory per package. A file is written under a temporary name while its
 * size and digests are computed, and becomes visible (renamed) only once verified: a partial or
 * corrupted payload is never served.
 */
@Component
public class PayloadStore {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._+-]{1,255}");

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

    /** Streams {@code content} to the store, verifying it against {@code expected}. */
    public StoredPayload store(UUID packageId, String fileName, InputStream content, Expected expected)
            throws IOException, PayloadVerificationException {
        var target = pathOf(packageId, fileName);
        var partial = root().resolve(".partial");
        Files.createDirectories(partial);
        var temporary = Files.createTempFile(partial, "upload-", ".part");
        try {
            var sha1 = digest("SHA-1");
            var sha256 = digest("SHA-256");
            long size;
            try (var in = new DigestInputStream(new DigestInputStream(content, sha1), sha256)) {
                size = Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
            var stored = new StoredPayload(fileName, size, Base64.getEncoder().encodeToString(sha1.digest()),
                    null, null);
            var sha256Bytes = sha256.digest();
            stored = new StoredPayload(fileName, size, stored.sha1Base64(),
                    Base64.getEncoder().encodeToString(sha256Bytes), HexFormat.of().formatHex(sha256Bytes));
            verify(stored, expected);
            Files.createDirectories(target.getParent());
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return stored;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public void delete(UUID packageId, String fileName) throws IOException {
        Files.deleteIfExists(pathOf(packageId, fileName));
    }

    public Optional<Path> find(UUID packageId, String fileName) {
        if (!enabled() || !FILE_NAME.matcher(fileName).matches()) {
            return Optional.empty();
        }
        var path = pathOf(packageId, fileName);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
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
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("not a payload file name: " + fileName);
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
