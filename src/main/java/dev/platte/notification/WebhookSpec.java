package dev.platte.notification;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Set;
import java.util.UUID;

/**
 * A webhook's settings as an admin sends them, through the API or the page: the shape rules are here,
 * once, for both; {@link WebhookService} checks the rest (the URL's address, the group's application).
 *
 * @param secret at least 16 characters; none given: Platte generates one on creation and keeps the
 *     current one on an update
 */
@Schema(description = "A webhook: where Platte posts which events, in which format")
public record WebhookSpec(
        @NotBlank @Size(max = 100) String name,
        @Schema(example = "https://hooks.example.com/platte") @NotBlank @Size(max = 2000) String url,
        @Schema(description = "HMAC-SHA256 key for X-Platte-Signature; omit to have one generated (shown once)")
        @Size(min = 16, max = 200, message = "must be 16 to 200 characters") String secret,
        @Schema(description = "Event types to receive, e.g. group.paused, rollout.completed")
        @NotEmpty(message = "choose at least one event") Set<@NotNull NotificationType> events,
        @Schema(description = "Only events of this application (and its application-wide events)") UUID applicationId,
        @Schema(description = "Only events of this group of the application") UUID groupId,
        @Schema(description = "cloudevents (JSON envelope) or slack") @NotNull WebhookFormat format,
        @Schema(description = "Deliver at all; default true") Boolean enabled) {

    public boolean isEnabled() {
        return enabled == null || enabled;
    }
}
