package dev.platte.admin.web;

import dev.platte.notification.NotificationType;
import dev.platte.notification.Webhook;
import dev.platte.notification.WebhookFormat;
import dev.platte.notification.WebhookSpec;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook form, bound by Spring with typed fields named as {@link WebhookSpec}'s, so the rules and the
 * service's field errors land on the inputs without translation.
 */
public class WebhookForm {

    private String name;
    private String url;
    private String secret;
    private Set<NotificationType> events = EnumSet.noneOf(NotificationType.class);
    private UUID applicationId;
    private UUID groupId;
    private WebhookFormat format = WebhookFormat.CLOUDEVENTS;
    private boolean enabled = true;
    private Long version;

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
        return new WebhookSpec(name, url, secret == null || secret.isBlank() ? null : secret, events, applicationId,
                groupId, format, enabled);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public Set<NotificationType> getEvents() {
        return events;
    }

    public void setEvents(Set<NotificationType> events) {
        this.events = events == null ? EnumSet.noneOf(NotificationType.class) : events;
    }

    public UUID getApplicationId() {
        return applicationId;
    }

    public void setApplicationId(UUID applicationId) {
        this.applicationId = applicationId;
    }

    public UUID getGroupId() {
        return groupId;
    }

    public void setGroupId(UUID groupId) {
        this.groupId = groupId;
    }

    public WebhookFormat getFormat() {
        return format;
    }

    public void setFormat(WebhookFormat format) {
        this.format = format;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
