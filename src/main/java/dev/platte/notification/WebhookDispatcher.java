package dev.platte.notification;

import dev.platte.common.net.RefusedAddressException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends what the outbox holds. Every replica polls; each delivery is claimed by one of them at a time
 * ({@link Outbox#claim}), sent with bounded timeouts, and recorded as delivered, due again after an
 * exponential backoff, or given up after {@code retry-for}. At least once: a replica that dies between
 * sending and recording leaves the row to be sent again when its lease ends, with the same
 * {@code X-Platte-Delivery} for the receiver to recognise.
 */
@Component
class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** What of a receiver's answer is kept (after sanitizing): enough to recognise an error page. */
    static final int EXCERPT_LENGTH = 200;
    private static final int PRUNE_BATCH = 1000;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final Outbox outbox;
    private final NotificationProperties properties;
    private final Clock clock;
    private final CloseableHttpClient http;
    private final Map<String, Counter> outcomes;
    private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.EPOCH);
    /** Ends attempts that outlast connect and read timeouts together (a receiver trickling its answer). */
    private final ScheduledThreadPoolExecutor deadlines;

    WebhookDispatcher(Outbox outbox, NotificationProperties properties, AddressCheck addresses, Clock clock,
            MeterRegistry metrics) {
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.http = httpClient(properties, addresses);
        this.deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("platte-webhook-deadlines")
                .factory());
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.outcomes = Map.of(
                "delivered", outcomeCounter(metrics, "delivered"),
                "retrying", outcomeCounter(metrics, "retrying"),
                "failed", outcomeCounter(metrics, "failed"));
    }

    private static Counter outcomeCounter(MeterRegistry metrics, String outcome) {
        return Counter.builder("platte.webhook.deliveries")
                .description("Webhook delivery attempts by outcome: delivered, retrying (failed, tried again later), "
                        + "failed (given up)")
                .tag("outcome", outcome)
                .register(metrics);
    }

    /**
     * Connects only to addresses the check allowed (it is the client's resolver), follows no redirect, and
     * waits a bounded time for a connection and for each read.
     */
    private static CloseableHttpClient httpClient(NotificationProperties properties, AddressCheck addresses) {
        var resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return addresses.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                        .setSocketTimeout(Timeout.of(properties.readTimeout()))
                        .build())
                .setMaxConnTotal(Math.max(2, properties.batchSize()))
                .setMaxConnPerRoute(Math.max(2, properties.batchSize()))
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(properties.readTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(properties.connectTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .setUserAgent("Platte-Webhook/1")
                .build();
    }

    @PreDestroy
    void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }

    @Scheduled(fixedDelayString = "${platte.notifications.poll-interval:5s}",
            initialDelayString = "${platte.notifications.poll-interval:5s}")
    void scheduled() {
        try {
            while (dispatchDue() == properties.batchSize() && !Thread.currentThread().isInterrupted()) {
                // A full batch: more may be due.
            }
            pruneIfDue();
        } catch (DataAccessException e) {
            log.debug("Webhook dispatch skipped: {}", e.getMessage());
        }
    }

    /** Claims the deliveries due now (at most a batch) and makes one attempt each; returns how many. */
    int dispatchDue() {
        var now = clock.instant();
        var claims = outbox.claim(now, now.plus(properties.lease()), properties.batchSize(), null);
        send(claims);
        return claims.size();
    }

    /** Makes an attempt at one delivery now, unless it is not pending or another replica holds it. */
    void deliverNow(UUID deliveryId) {
        var now = clock.instant();
        send(outbox.claim(now, now.plus(properties.lease()), 1, deliveryId));
    }

    private void send(List<Outbox.Claim> claims) {
        if (claims.size() == 1) {
            attempt(claims.getFirst());
            return;
        }
        // One slow receiver must not hold up the others.
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            claims.forEach(claim -> executor.submit(() -> attempt(claim)));
        }
    }

    private void attempt(Outbox.Claim claim) {
        if (!claim.enabled()) {
            finish(claim, null, "not sent: the webhook is disabled", true);
            return;
        }
        var post = new HttpPost(URI.create(claim.url()));
        post.setHeader("X-Platte-Delivery", claim.id().toString());
        post.setHeader("X-Platte-Event", claim.eventType());
        post.setHeader("X-Platte-Event-Id", claim.eventId().toString());
        post.setHeader(WebhookSignature.HEADER,
                WebhookSignature.header(claim.secret(), clock.instant().getEpochSecond(), claim.body()));
        post.setEntity(new StringEntity(claim.body(), ContentType.APPLICATION_JSON));
        Integer status = null;
        String error;
        var deadline = deadlines.schedule(post::cancel,
                properties.connectTimeout().plus(properties.readTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        try (var response = http.executeOpen(RoutingSupport.determineHost(post), post, null)) {
            status = response.getCode();
            if (status / 100 == 2) {
                outcomes.get("delivered").increment();
                outbox.delivered(claim, clock.instant(), status);
                return;
            }
            // Closed without reading the rest: the connection is dropped, not the body kept.
            var excerpt = excerpt(response.getEntity());
            error = "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
        } catch (RefusedAddressException e) {
            error = "refused: " + e.getMessage();
        } catch (IOException | HttpException | RuntimeException e) {
            error = post.isCancelled()
                    ? "no answer within " + properties.connectTimeout().plus(properties.readTimeout()).toSeconds() + " s"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } finally {
            deadline.cancel(false);
        }
        finish(claim, status, error, false);
    }

    private void finish(Outbox.Claim claim, Integer status, String error, boolean giveUp) {
        var now = clock.instant();
        var retryAt = now.plus(properties.backoffAfter(claim.attempts() + 1));
        if (giveUp || retryAt.isAfter(claim.giveUpAt())) {
            outcomes.get("failed").increment();
            log.info("Gave up delivering {} {} to webhook {} after {} attempt(s): {}", claim.eventType(), claim.id(),
                    claim.webhookId(), claim.attempts() + 1, error);
            outbox.failed(claim, now, status, error, null);
        } else {
            outcomes.get("retrying").increment();
            log.debug("Delivery {} to webhook {} failed, next try at {}: {}", claim.id(), claim.webhookId(), retryAt, error);
            outbox.failed(claim, now, status, error, retryAt);
        }
    }

    /** The start of a receiver's answer as one line of printable text. */
    static String excerpt(HttpEntity entity) {
        if (entity == null) {
            return "";
        }
        try (var content = entity.getContent()) {
            var bytes = content.readNBytes(EXCERPT_LENGTH * 2);
            return sanitize(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }

    static String sanitize(String text) {
        var clean = text.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}\\s]+", " ").replaceAll("[^\\p{Print}\\p{L}\\p{N} ]", "?")
                .strip();
        return clean.length() > EXCERPT_LENGTH ? clean.substring(0, EXCERPT_LENGTH) + "…" : clean;
    }

    /** Deletes finished deliveries past their retention; every replica may, as a delete is idempotent. */
    void pruneIfDue() {
        var now = clock.instant();
        var last = lastPrune.get();
        if (now.isBefore(last.plus(PRUNE_EVERY)) || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        prune(now);
    }

    /** Deletes, in bounded batches, deliveries finished longer than the retention ago; returns how many. */
    int prune(Instant now) {
        var cutoff = now.minus(properties.retention());
        var total = 0;
        int batch;
        do {
            batch = outbox.prune(cutoff, PRUNE_BATCH);
            total += batch;
        } while (batch == PRUNE_BATCH && !Thread.currentThread().isInterrupted());
        return total;
    }
}
