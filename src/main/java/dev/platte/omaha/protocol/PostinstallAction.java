package dev.platte.omaha.protocol;

/**
 * The {@code <action event="postinstall">}. Always written with {@code DisablePayloadBackoff="true"} so
 * update_engine never ignores an offer because of its multi-day payload backoff.
 *
 * @param sha256Base64 base64 of the SHA-256 of the main payload; update_engine rejects the offer without it
 */
public record PostinstallAction(String sha256Base64) {

    public PostinstallAction {
        if (sha256Base64 == null || sha256Base64.isEmpty()) {
            throw new IllegalArgumentException("sha256Base64 must not be empty");
        }
    }
}
