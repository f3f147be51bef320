package dev.platte.rollout;

import java.util.Locale;
import java.util.Map;

/** The group UUIDs CoreOS and early Flatcar wrote into update.conf, mapped to today's track names. */
final class LegacyTracks {

    private static final Map<String, String> NAMES = Map.of(
            "5b810680-e36a-4879-b98a-4f989e80b899", "alpha",
            "3fe10490-dd73-4b49-b72a-28ac19acfcdc", "beta",
            "9a2deb70-37be-4026-853f-bfdd6b347bbe", "stable",
            "72834a2b-ad86-4d6d-b498-e08a19ebe54e", "edge",
            "e641708d-fb48-4260-8bdf-ba2074a1147a", "alpha",
            "d112ec01-ba34-4a9e-9d4b-9814a685f266", "beta",
            "11a585f6-9418-4df0-8863-78b2fd3240f8", "stable",
            "b4b2fa22-c1ea-498c-a8ac-c1dc0b1d7c17", "edge");

    private LegacyTracks() {}

    static String normalize(String track) {
        var key = track.strip().toLowerCase(Locale.ROOT);
        if (key.startsWith("{") && key.endsWith("}")) {
            key = key.substring(1, key.length() - 1);
        }
        return NAMES.getOrDefault(key, track.strip());
    }
}
