package dev.platte.omaha.protocol;

import java.util.regex.Pattern;

/**
 * One {@code <package>} of a manifest.
 *
 * @param name       file name, appended to the codebase by the client
 * @param size       size in bytes, verified by update_engine after the download
 * @param sha1Base64 {@code hash}: base64 of the SHA-1 (ignored by update_engine, checked by ue-rs)
 * @param sha256Hex  {@code hash_sha256}: lower-case hex SHA-256 as ue-rs expects, {@code null} to omit
 * @param required   {@code true} for the main payload, {@code false} for extra files
 */
public record PackageFile(String name, long size, String sha1Base64, String sha256Hex, boolean required) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public PackageFile {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("package name must not be empty");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("package size must be positive: " + size);
        }
        if (sha1Base64 == null) {
            throw new IllegalArgumentException("sha1Base64 must not be null");
        }
        if (sha256Hex != null && !SHA256_HEX.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("sha256Hex must be 64 lower-case hex digits");
        }
    }
}
