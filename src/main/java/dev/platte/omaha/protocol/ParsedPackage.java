package dev.platte.omaha.protocol;

/**
 * One {@code <package>} of a decoded manifest. Attributes absent from the XML are {@code null}.
 *
 * @param name       {@code name} verbatim, appended to a codebase to fetch the file
 * @param size       {@code size} in bytes; {@code null} if missing or not a plain non-negative decimal
 *                   (ASCII digits only, no sign) that fits a {@code long}
 * @param sha1Base64 {@code hash}: base64 of the SHA-1, verbatim
 * @param sha256Hex  {@code hash_sha256}: hex SHA-256 (extra files), verbatim
 * @param required   {@code required} is exactly "true"
 */
public record ParsedPackage(String name, Long size, String sha1Base64, String sha256Hex, boolean required) {
}
