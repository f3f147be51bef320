package dev.platte.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Platte-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, keyed with the
 * webhook's secret. The timestamp is signed too, so a receiver can refuse old deliveries replayed.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Platte-Signature";

    private WebhookSignature() {}

    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    /** Whether {@code header} is a valid signature of {@code body}, as a receiver checks it. */
    public static boolean verify(String secret, String header, String body) {
        String timestamp = null;
        String signature = null;
        for (var part : header.split(",")) {
            var pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signature = pair[1];
            }
        }
        if (timestamp == null || signature == null) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, timestamp + "." + body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(String secret, String message) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
