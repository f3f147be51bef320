package dev.platte.omaha.protocol;

/**
 * The {@code <updatecheck>} answer.
 *
 * @param status              {@code updatecheck/@status}
 * @param manifest            the update offer; non-null exactly when status is {@link UpdateCheckStatus#OK}
 * @param pollIntervalSeconds optional {@code PollInterval} attribute (clients clamp it to 45 min .. 4 h
 *                            and forget it unless it is resent), {@code null} to omit
 */
public record UpdateCheckResponse(UpdateCheckStatus status, Manifest manifest, Integer pollIntervalSeconds) {

    public UpdateCheckResponse {
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        if ((status == UpdateCheckStatus.OK) != (manifest != null)) {
            throw new IllegalArgumentException("a manifest is required for status ok and forbidden otherwise");
        }
        if (pollIntervalSeconds != null && pollIntervalSeconds <= 0) {
            throw new IllegalArgumentException("pollIntervalSeconds must be positive");
        }
    }

    public static UpdateCheckResponse noUpdate() {
        return new UpdateCheckResponse(UpdateCheckStatus.NO_UPDATE, null, null);
    }

    public static UpdateCheckResponse error() {
        return new UpdateCheckResponse(UpdateCheckStatus.ERROR_INTERNAL, null, null);
    }

    public static UpdateCheckResponse ok(Manifest manifest) {
        return new UpdateCheckResponse(UpdateCheckStatus.OK, manifest, null);
    }

    /** A copy with the given {@code PollInterval} ({@code null} to omit it). */
    public UpdateCheckResponse withPollInterval(Integer seconds) {
        return new UpdateCheckResponse(status, manifest, seconds);
    }
}
