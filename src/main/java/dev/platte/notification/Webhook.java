package dev.platte.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Where, in which format and about what Platte tells someone; the secret signs every delivery. */
@Entity
@Table(name = "webhook")
public class Webhook {

    @Id
    private UUID id;

    private String name;

    private String url;

    private String secret;

    @Column(name = "secret_ref")
    private String secretRef;

    @Convert(converter = FormatConverter.class)
    private WebhookFormat format;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "event_types", columnDefinition = "text[]")
    private String[] eventTypes;

    @Column(name = "application_id")
    private UUID applicationId;

    @Column(name = "group_id")
    private UUID groupId;

    private boolean enabled;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected Webhook() {}

    Webhook(String secret, String createdBy, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.secret = secret;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    /** Settings already checked by {@link WebhookService}. */
    void configure(String name, String url, WebhookFormat format, Set<NotificationType> events, UUID applicationId,
            UUID groupId, boolean enabled) {
        this.name = name;
        this.url = url;
        this.format = format;
        this.eventTypes = events.stream().sorted().map(NotificationType::wireName).toArray(String[]::new);
        this.applicationId = applicationId;
        this.groupId = groupId;
        this.enabled = enabled;
    }

    void changeSecret(String secret) {
        this.secret = secret;
    }

    void referSecret(String secretRef) {
        this.secretRef = secretRef;
    }

    /**
     * Whether this webhook wants {@code notification}: it is enabled, subscribed to the type, and the event
     * concerns its application and group. An application-wide event (a revocation, a sync) reaches a
     * group's webhook too when it concerns the group's application.
     */
    boolean wants(Notification notification) {
        return enabled
                && events().contains(notification.type())
                && (applicationId == null || applicationId.equals(notification.applicationId()))
                && (groupId == null || notification.groupId() == null || groupId.equals(notification.groupId()));
    }

    /** What the audit log keeps: everything but the secret. */
    Map<String, Object> snapshot() {
        var map = new LinkedHashMap<String, Object>();
        map.put("name", name);
        map.put("url", url);
        map.put("format", format.wireName());
        map.put("events", Arrays.asList(eventTypes));
        map.put("applicationId", applicationId);
        map.put("groupId", groupId);
        map.put("enabled", enabled);
        if (secretRef != null) {
            map.put("secretRef", secretRef);
        }
        return map;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    String secret() {
        return secret;
    }

    /** Where a configuration document said the secret comes from; {@code null} when none did. */
    public String secretRef() {
        return secretRef;
    }

    public WebhookFormat format() {
        return format;
    }

    public Set<NotificationType> events() {
        var events = EnumSet.noneOf(NotificationType.class);
        for (var type : eventTypes) {
            events.add(NotificationType.fromWireName(type));
        }
        return events;
    }

    public UUID applicationId() {
        return applicationId;
    }

    public UUID groupId() {
        return groupId;
    }

    public boolean enabled() {
        return enabled;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public long rowVersion() {
        return rowVersion;
    }

    @Converter
    static class FormatConverter implements AttributeConverter<WebhookFormat, String> {

        @Override
        public String convertToDatabaseColumn(WebhookFormat format) {
            return format == null ? null : format.wireName();
        }

        @Override
        public WebhookFormat convertToEntityAttribute(String value) {
            return value == null ? null : WebhookFormat.fromWireName(value);
        }
    }
}
