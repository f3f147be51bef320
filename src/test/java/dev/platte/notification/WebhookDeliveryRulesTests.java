package dev.platte.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookDeliveryRulesTests {

    private static final NotificationProperties PROPERTIES = new NotificationProperties(false, "/platte",
            Duration.ofSeconds(5), 20, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(7));

    @Test
    void doublesTheBackoffAfterEachFailureUpToTheMaximum() {
        assertThat(PROPERTIES.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(PROPERTIES.backoffAfter(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(PROPERTIES.backoffAfter(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(PROPERTIES.backoffAfter(7)).isEqualTo(Duration.ofMinutes(32));
        assertThat(PROPERTIES.backoffAfter(8)).isEqualTo(Duration.ofHours(1));
        assertThat(PROPERTIES.backoffAfter(1000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void leasesAClaimForLongerThanAnAttemptCanTake() {
        assertThat(PROPERTIES.lease()).isGreaterThan(PROPERTIES.connectTimeout().plus(PROPERTIES.readTimeout()));
    }

    @Test
    void keepsOnlyAShortPrintableLineOfAReceiversAnswer() {
        var excerpt = WebhookDispatcher.sanitize("<h1>Bad\r\ngateway</h1>\u0000\u001b[31m" + "y".repeat(1000));
        assertThat(excerpt).startsWith("<h1>Bad gateway</h1> [31m").doesNotContain("\r", "\n", "\u0000", "\u001b");
        assertThat(excerpt).hasSize(WebhookDispatcher.EXCERPT_LENGTH + 1).endsWith("…");
    }
}
