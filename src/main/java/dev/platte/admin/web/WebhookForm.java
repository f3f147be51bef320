package dev.platte.admin.web;

import dev.platte.notification.NotificationType;
import dev.platte.notification.Webhook;
import dev.platte.notification.WebhookFormat;
import dev.platte.notification.WebhookSpec;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook form, typed, with fields named as {@link WebhookSpec}'s, so the rules and the service's field
 * errors land on the inputs without translation.
 */
class WebhookForm {

    public String name;
    public String url;
    public String secret;
    public Set<NotificationType> events = EnumSet.noneOf(NotificationType.class);
    public UUID applicationId;
    public UUID groupId;
    public WebhookFormat format = WebhookFormat.CLOUDEVENTS;
    public boolean enabled = true;
    public Long version;

    static WebhookForm blank() {
        var form = new WebhookForm();
        form.events = EnumSet.of(NotificationType.GROUP_PAUSED, NotificationType.PACKAGE_REVOKED,
                NotificationType.SYNC_FAILED);
        return form;
    }

    static WebhookForm of(Webhook webhook) {
        var form = new WebhookForm();
        form.name = webhook.name();
        form.url = webhook.url();
        form.events = EnumSet.copyOf(webhook.events());
        form.applicationId = webhook.applicationId();
        form.groupId = webhook.groupId();
        form.format = webhook.format();
        form.enabled = webhook.enabled();
        form.version = webhook.rowVersion();
        return form;
    }

    WebhookSpec toSpec() {
        return new WebhookSpec(name, url, secret, events == null ? Set.of() : events, applicationId, groupId, format,
                enabled);
    }
}
