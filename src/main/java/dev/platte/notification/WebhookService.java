package dev.platte.notification;

import dev.platte.common.net.RefusedAddressException;
import dev.platte.audit.AuditTrail;
import dev.platte.common.StaleVersionException;
import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import dev.platte.rollout.GroupService;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Webhooks and what they are sent. Events become outbox rows in the transaction of the change they tell
 * of ({@link #publish}); {@link WebhookDispatcher} sends them.
 */
@Service
public class WebhookService {

    /** How many deliveries the log shows at most. */
    public static final int MAX_LOG = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository webhooks;
    private final Outbox outbox;
    private final WebhookBodies bodies;
    private final AddressCheck addresses;
    private final GroupService groups;
    private final ApplicationEventPublisher publisher;
    private final NotificationProperties properties;
    private final WebhookDispatcher dispatcher;
    private final TransactionTemplate transactions;
    private final Clock clock;

    WebhookService(WebhookRepository webhooks, Outbox outbox, WebhookBodies bodies, AddressCheck addresses,
            GroupService groups, ApplicationEventPublisher publisher, NotificationProperties properties, WebhookDispatcher dispatcher,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.bodies = bodies;
        this.addresses = addresses;
        this.groups = groups;
        this.publisher = publisher;
        this.properties = properties;
        this.dispatcher = dispatcher;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** A new webhook and its secret: the only time the secret is shown. */
    public record Created(Webhook webhook, String secret) {}

    @Transactional(readOnly = true)
    public List<Webhook> webhooks() {
        return webhooks.findAllByOrderByName();
    }

    @Transactional(readOnly = true)
    public Webhook webhook(UUID id) {
        return webhooks.findById(id).orElseThrow(() -> NotFoundException.of("webhook", id));
    }

    @Transactional
    public Created create(WebhookSpec spec) {
        if (webhooks.existsByName(spec.name().strip())) {
            throw new InvalidInputException("name", "a webhook with this name already exists");
        }
        var secret = spec.secret() == null || spec.secret().isBlank() ? generateSecret() : spec.secret();
        var webhook = new Webhook(secret, AuditTrail.currentActor(), clock.instant());
        configure(webhook, spec);
        webhooks.save(webhook);
        publisher.publishEvent(new WebhookCreated(webhook.id(), webhook.name(), webhook.snapshot(), AuditTrail.currentActor()));
        return new Created(webhook, secret);
    }

    /** @param expectedVersion the version the caller read, or {@code null} */
    @Transactional
    public Webhook update(UUID id, WebhookSpec spec, Long expectedVersion) {
        var webhook = webhook(id);
        if (expectedVersion != null && expectedVersion != webhook.rowVersion()) {
            throw new StaleVersionException("this webhook", expectedVersion, webhook.rowVersion());
        }
        if (!webhook.name().equals(spec.name().strip()) && webhooks.existsByName(spec.name().strip())) {
            throw new InvalidInputException("name", "a webhook with this name already exists");
        }
        var before = webhook.snapshot();
        configure(webhook, spec);
        var after = webhook.snapshot();
        if (spec.secret() != null && !spec.secret().isBlank()) {
            webhook.changeSecret(spec.secret());
            after.put("secret", "changed");
        }
        publisher.publishEvent(new WebhookUpdated(webhook.id(), webhook.name(), before, after, AuditTrail.currentActor()));
        return webhook;
    }

    /** Whether {@code secret} is the webhook's secret (compared in constant time). */
    @Transactional(readOnly = true)
    public boolean hasSecret(UUID id, String secret) {
        return secret != null && java.security.MessageDigest.isEqual(
                webhook(id).secret().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Records where a configuration document takes the webhook's secret from (a reference such as
     * {@code env:NAME}, never the secret), for its export; audited when it changes.
     */
    @Transactional
    public Webhook referSecret(UUID id, String secretRef) {
        var webhook = webhook(id);
        if (!java.util.Objects.equals(webhook.secretRef(), secretRef)) {
            var before = webhook.snapshot();
            webhook.referSecret(secretRef);
            publisher.publishEvent(new WebhookUpdated(webhook.id(), webhook.name(), before, webhook.snapshot(),
                    AuditTrail.currentActor()));
        }
        return webhook;
    }

    @Transactional
    public void delete(UUID id) {
        var webhook = webhook(id);
        webhooks.delete(webhook);
        publisher.publishEvent(new WebhookDeleted(webhook.id(), webhook.name(), webhook.snapshot(), AuditTrail.currentActor()));
    }

    /** The most recent deliveries to a webhook, newest first. */
    @Transactional(readOnly = true)
    public List<Delivery> deliveries(UUID webhookId, int limit) {
        webhook(webhookId);
        return outbox.ofWebhook(webhookId, Math.clamp(limit, 1, MAX_LOG));
    }

    /**
     * Queues a {@code webhook.test} event for this webhook alone and makes its first attempt at once; a
     * failed one is retried like any other delivery. Returns the delivery as it stands after that attempt.
     */
    public Delivery sendTest(UUID webhookId) {
        var deliveryId = transactions.execute(tx -> {
            var webhook = webhook(webhookId);
            var data = new LinkedHashMap<String, Object>();
            data.put("webhookId", webhook.id().toString());
            data.put("webhook", webhook.name());
            data.put("requestedBy", AuditTrail.currentActor());
            var notification = new Notification(UUID.randomUUID(), NotificationType.WEBHOOK_TEST, clock.instant(), null,
                    null, "Test event for webhook " + webhook.name() + ", sent by " + AuditTrail.currentActor(), data);
            return enqueue(webhook, notification);
        });
        dispatcher.deliverNow(deliveryId);
        return outbox.find(deliveryId).getFirst();
    }

    /**
     * Writes one outbox row per webhook that wants {@code notification}, in the caller's transaction: the
     * rows commit with the change, or roll back with it.
     */
    @Transactional
    public void publish(Notification notification) {
        for (var webhook : webhooks.findByEnabledTrue()) {
            if (webhook.wants(notification)) {
                enqueue(webhook, notification);
            }
        }
    }

    private UUID enqueue(Webhook webhook, Notification notification) {
        var now = clock.instant();
        return outbox.add(webhook.id(), notification, bodies.render(notification, webhook.format()), now,
                now.plus(properties.retryFor()));
    }

    private void configure(Webhook webhook, WebhookSpec spec) {
        var url = checkUrl(spec.url().strip());
        var applicationId = spec.applicationId();
        if (spec.groupId() != null) {
            var group = groups.findGroup(spec.groupId())
                    .orElseThrow(() -> new InvalidInputException("groupId", "no such group"));
            if (applicationId != null && !applicationId.equals(group.applicationId())) {
                throw new InvalidInputException("groupId", "the group belongs to another application");
            }
            applicationId = group.applicationId();
        }
        webhook.configure(spec.name().strip(), url, spec.format(), spec.events(), applicationId, spec.groupId(),
                spec.isEnabled());
    }

    /** An absolute http(s) URL without credentials, whose host Platte may reach. */
    private String checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "is not a URL");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException("url", "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidInputException("url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException("url", "must not carry credentials: the secret signs each delivery");
        }
        try {
            addresses.resolve(uri.getHost());
        } catch (RefusedAddressException e) {
            throw new InvalidInputException("url", "is not allowed: " + e.getMessage()
                    + " (set platte.notifications.allow-private-addresses to allow it)");
        } catch (UnknownHostException e) {
            throw new InvalidInputException("url", "names a host that does not resolve: " + uri.getHost());
        }
        return url;
    }

    private static String generateSecret() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
