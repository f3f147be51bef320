package dev.platte.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Puts a notification in a webhook's format: the exact bytes every attempt sends and signs. */
final class WebhookBodies {

    private final JsonMapper json;
    private final String source;

    WebhookBodies(JsonMapper json, String source) {
        this.json = json;
        this.source = source;
    }

    String render(Notification notification, WebhookFormat format) {
        return json.writeValueAsString(switch (format) {
            case CLOUDEVENTS -> cloudEvent(notification);
            case SLACK -> slackMessage(notification);
        });
    }

    /** A CloudEvents 1.0 structured-mode event. */
    private Map<String, Object> cloudEvent(Notification notification) {
        var event = new LinkedHashMap<String, Object>();
        event.put("specversion", "1.0");
        event.put("id", notification.id().toString());
        event.put("type", notification.type().wireName());
        event.put("source", source);
        event.put("time", notification.time().toString());
        event.put("subject", notification.summary());
        event.put("datacontenttype", "application/json");
        event.put("data", notification.data());
        return event;
    }

    /** Slack's incoming-webhook message: {@code text} for notifications, blocks for the channel. */
    private static Map<String, Object> slackMessage(Notification notification) {
        var text = "*" + escape(notification.type().title()) + "*: " + escape(notification.summary());
        var context = notification.type().wireName() + " · " + notification.time();
        return Map.of(
                "text", notification.type().title() + ": " + notification.summary(),
                "blocks", List.of(
                        Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text)),
                        Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", escape(context))))));
    }

    /** Slack's three control characters; everything else is literal. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
