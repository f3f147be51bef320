package dev.platte.payload;

/**
 * What a payload must be; {@code null} fields are not checked.
 *
 * @param sha256 base64 or lower-case hex
 */
public record Expected(Long size, String sha1Base64, String sha256) {

    public static Expected nothing() {
        return new Expected(null, null, null);
    }
}
