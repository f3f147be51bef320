package dev.platte.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTests {

    private static final String BODY = "{\"type\":\"group.paused\"}";

    @Test
    void signsTimestampAndBodyWithHmacSha256() {
        // printf '1700000000.{"type":"group.paused"}' | openssl dgst -sha256 -hmac 'secret-of-sixteen+'
        assertThat(WebhookSignature.header("secret-of-sixteen+", 1_700_000_000L, BODY))
                .isEqualTo("t=1700000000,v1=" + WebhookSignatureTests.expected());
    }

    @Test
    void verifiesItsOwnSignatureAndRejectsAnyChange() {
        var header = WebhookSignature.header("secret-of-sixteen+", 1_700_000_000L, BODY);
        assertThat(WebhookSignature.verify("secret-of-sixteen+", header, BODY)).isTrue();
        assertThat(WebhookSignature.verify("secret-of-sixteen+", header, BODY + " ")).isFalse();
        assertThat(WebhookSignature.verify("another-secret-here", header, BODY)).isFalse();
        assertThat(WebhookSignature.verify("secret-of-sixteen+", header.replace("t=1700000000", "t=1700000001"), BODY))
                .isFalse();
        assertThat(WebhookSignature.verify("secret-of-sixteen+", "garbage", BODY)).isFalse();
    }

    private static String expected() {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("secret-of-sixteen+".getBytes(), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(("1700000000." + BODY).getBytes()));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
