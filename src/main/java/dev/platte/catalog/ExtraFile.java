package dev.platte.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * A file served in the same manifest after a package's main payload, such as an OEM system extension.
 *
 * @param sha1 base64 SHA-1, as Omaha's {@code hash} attribute carries it
 * @param sha256Hex lower-case hex SHA-256, as ue-rs reads {@code hash_sha256}
 */
@Embeddable
public record ExtraFile(
        String name, long size, String sha1, @Column(name = "sha256_hex") String sha256Hex) {}
