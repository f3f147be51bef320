package dev.platte.gate;

import dev.platte.common.InvalidInputException;
import java.net.URI;
import java.time.Duration;

/**
 * What an admin sets on a gate; the constructor is the one place its rules are checked.
 *
 * @param threshold a sample above it breaches; without one, any sample breaches
 * @param prometheusUrl another Prometheus than the configured one (no credentials are sent to it), or null
 */
public record GateSettings(String name, String query, Double threshold, int consecutiveEvaluations,
        Duration interval, Duration soak, UnknownBehaviour onUnknown, String prometheusUrl) {

    static final int MAX_QUERY_LENGTH = 4000;

    public GateSettings {
        name = name == null ? "" : name.strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new InvalidInputException("name", "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (query == null || query.isBlank()) {
            throw new InvalidInputException("query", "must not be blank");
        }
        query = query.strip();
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new InvalidInputException("query", "must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        var unknown = GateQuery.unknownPlaceholder(query);
        if (unknown != null) {
            throw new InvalidInputException("query", "unknown placeholder {{" + unknown
                    + "}}: use {{group}}, {{track}}, {{target_version}} or {{previous_version}}");
        }
        if (threshold != null && (threshold.isNaN() || threshold.isInfinite())) {
            throw new InvalidInputException("threshold", "must be a finite number");
        }
        if (consecutiveEvaluations < 1 || consecutiveEvaluations > 100) {
            throw new InvalidInputException("consecutiveEvaluations", "must be between 1 and 100");
        }
        if (interval == null || interval.toMillis() < 1000 || interval.toSeconds() > 86_400) {
            throw new InvalidInputException("interval", "must be between PT1S and P1D");
        }
        if (soak == null) {
            soak = Duration.ZERO;
        }
        if (soak.isNegative() || soak.toSeconds() > 30L * 86_400) {
            throw new InvalidInputException("soak", "must be between PT0S and P30D");
        }
        if (onUnknown == null) {
            onUnknown = UnknownBehaviour.HOLD;
        }
        if (prometheusUrl != null && prometheusUrl.isBlank()) {
            prometheusUrl = null;
        }
        if (prometheusUrl != null) {
            prometheusUrl = prometheusUrl.strip();
            try {
                var uri = URI.create(prometheusUrl);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                        || prometheusUrl.length() > 2048) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("prometheusUrl", "must be an http or https URL");
            }
        }
    }
}
