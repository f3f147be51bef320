package dev.platte.admin.api;

import dev.platte.notification.Delivery;
import dev.platte.notification.NotificationType;
import dev.platte.notification.Webhook;
import dev.platte.notification.WebhookFormat;
import dev.platte.notification.WebhookService;
import dev.platte.notification.WebhookSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Webhooks", description = "Who is told what happened: signed deliveries, their log, a test event.")
@RequestMapping("/api/v1/webhooks")
class WebhookApiController {

    private final WebhookService webhooks;

    WebhookApiController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** A webhook as the API shows it: never its secret. */
    record WebhookView(UUID id, String name, String url, WebhookFormat format, Set<NotificationType> events,
            UUID applicationId, UUID groupId, boolean enabled, Instant createdAt, String createdBy) {

        static WebhookView of(Webhook webhook) {
            return new WebhookView(webhook.id(), webhook.name(), webhook.url(), webhook.format(), webhook.events(),
                    webhook.applicationId(), webhook.groupId(), webhook.enabled(), webhook.createdAt(),
                    webhook.createdBy());
        }
    }

    /** A new webhook with its secret: the only answer that ever contains it. */
    record CreatedWebhookView(WebhookView webhook, String secret) {}

    @GetMapping
    @Operation(summary = "List webhooks")
    List<WebhookView> list() {
        return webhooks.webhooks().stream().map(WebhookView::of).toList();
    }

    @GetMapping("/event-types")
    @Operation(summary = "The event types a webhook can subscribe to")
    List<NotificationType> eventTypes() {
        return NotificationType.subscribable();
    }

    @GetMapping("/{id}")
    ResponseEntity<WebhookView> get(@PathVariable UUID id) {
        var webhook = webhooks.webhook(id);
        return ResponseEntity.ok().eTag(ETags.of(webhook.rowVersion())).body(WebhookView.of(webhook));
    }

    @PostMapping
    @Operation(summary = "Create a webhook", description = "Without a secret, one is generated. The answer holds "
            + "the secret; it is never shown again.")
    ResponseEntity<CreatedWebhookView> create(@Valid @RequestBody WebhookSpec request) {
        var created = webhooks.create(request);
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.webhook().id()))
                .eTag(ETags.of(created.webhook().rowVersion()))
                .body(new CreatedWebhookView(WebhookView.of(created.webhook()), created.secret()));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a webhook", description = "Without a secret, the current one is kept. Send the "
            + "ETag of your read as If-Match, and an edit made meanwhile is refused (412).")
    ResponseEntity<WebhookView> update(@PathVariable UUID id, @Valid @RequestBody WebhookSpec request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var updated = webhooks.update(id, request, ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag(ETags.of(updated.rowVersion())).body(WebhookView.of(updated));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a webhook and its delivery log")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        webhooks.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/test")
    @Operation(summary = "Send a test event", description = "Queues a webhook.test event for this webhook only and "
            + "tries it at once; answers the delivery after that attempt (a failed one is retried as usual).")
    Delivery test(@PathVariable UUID id) {
        return webhooks.sendTest(id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The delivery log", description = "Newest first: status, attempts, last error, next try.")
    List<Delivery> deliveries(@PathVariable UUID id, @RequestParam(defaultValue = "50") int limit) {
        return webhooks.deliveries(id, limit);
    }
}
