package dev.platte.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery ({@code platte.notifications.*}).
 *
 * @param allowPrivateAddresses let webhooks reach loopback, link-local and private addresses (an all-internal
 *     installation); off, such URLs are refused when saved and when sent to
 * @param source the CloudEvents {@code source} of every event
 * @param pollInterval how often each replica looks for deliveries that are due
 * @param batchSize how many deliveries one replica claims and sends at once
 * @param connectTimeout for connecting to a receiver
 * @param readTimeout for a receiver's answer
 * @param initialBackoff the wait after a first failed attempt; it doubles with each further failure
 * @param maxBackoff the longest wait between attempts
 * @param retryFor how long after the event Platte keeps trying before it gives up
 * @param retention how long delivered and given-up deliveries stay in the log
 */
@ConfigurationProperties("platte.notifications")
public record NotificationProperties(
        @DefaultValue("false") boolean allowPrivateAddresses,
        @DefaultValue("/platte") String source,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("20") int batchSize,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("30s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("24h") Duration retryFor,
        @DefaultValue("7d") Duration retention) {

    /** How long a claimed delivery is out of the others' reach: one attempt and then some. */
    Duration lease() {
        return connectTimeout.plus(readTimeout).plusSeconds(30);
    }

    /** The wait before attempt {@code attempts + 1}, after {@code attempts} failed ones. */
    Duration backoffAfter(int attempts) {
        var wait = initialBackoff;
        for (var i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
