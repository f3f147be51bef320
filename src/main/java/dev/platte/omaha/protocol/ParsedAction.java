package dev.platte.omaha.protocol;

/**
 * An {@code <action>} of a decoded manifest; the codec keeps only the postinstall one.
 *
 * @param event                 {@code event} verbatim ("postinstall")
 * @param sha256Base64          {@code sha256}: base64 of the SHA-256 of the main payload; {@code null} if absent
 * @param disablePayloadBackoff {@code DisablePayloadBackoff} is exactly "true"
 */
public record ParsedAction(String event, String sha256Base64, boolean disablePayloadBackoff) {
}
