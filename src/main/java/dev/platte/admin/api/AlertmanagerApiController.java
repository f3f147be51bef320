package dev.platte.admin.api;

import dev.platte.common.InvalidInputException;
import dev.platte.gate.AlertNotification;
import dev.platte.gate.AlertReceiver;
import dev.platte.gate.AlertmanagerProperties;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alertmanager's webhook receiver ({@code webhook_configs}). Authenticated by its own secret
 * ({@code platte.alertmanager.*}), not by a user or API token: it may pause and resume groups, nothing else.
 */
@RestController
@Tag(name = "Alertmanager", description = "Receives Alertmanager webhook notifications (payload version 4).")
class AlertmanagerApiController {

    private final AlertReceiver receiver;
    private final AlertmanagerProperties properties;
    private final JsonMapper json;

    AlertmanagerApiController(AlertReceiver receiver, AlertmanagerProperties properties, JsonMapper json) {
        this.receiver = receiver;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/alertmanager", consumes = "application/json")
    AlertReceiver.Outcome receive(HttpServletRequest request) throws IOException {
        // Read at most the limit: a larger notification is refused without being kept.
        var body = request.getInputStream().readNBytes(properties.maxPayloadBytes() + 1);
        if (body.length > properties.maxPayloadBytes()) {
            throw new InvalidInputException("body", "larger than " + properties.maxPayloadBytes() + " bytes");
        }
        AlertNotification notification;
        try {
            notification = json.readValue(body, AlertNotification.class);
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "not an Alertmanager webhook payload: " + e.getOriginalMessage());
        }
        return receiver.receive(notification);
    }
}
