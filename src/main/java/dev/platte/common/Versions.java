package dev.platte.common;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.semver4j.Semver;

/** Semantic versions as Omaha clients report them; build metadata never affects ordering. */
public final class Versions {

    /**
     * Parsed versions, as every update check compares a few: a fleet runs a handful of versions, and
     * parsing costs more than the rest of a quick answer's decision. Bounded, as versions come from nodes,
     * and least recently used first out, so made-up versions cannot crowd out the fleet's real ones.
     */
    private static final int MAX_CACHED = 10_000;
    private static final Cache<String, Optional<Semver>> PARSED = Caffeine.newBuilder().maximumSize(MAX_CACHED).build();

    private Versions() {}

    public static boolean isValid(String version) {
        // semver4j tolerates a leading "v"; semver itself does not.
        return version != null && !version.isEmpty() && Character.isDigit(version.charAt(0))
                && parsed(version).isPresent();
    }

    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    public static boolean isNewer(String candidate, String than) {
        return compare(candidate, than) > 0;
    }

    private static Semver parse(String version) {
        return parsed(version).orElseThrow(() -> new IllegalArgumentException("not a semantic version: " + version));
    }

    private static Optional<Semver> parsed(String version) {
        var cached = PARSED.getIfPresent(version);
        if (cached != null) {
            return cached;
        }
        // Build metadata is not part of precedence (semver 2.0 §10).
        var parsed = Optional.ofNullable(Semver.parse(version)).map(Semver::withClearedBuild);
        PARSED.put(version, parsed);
        return parsed;
    }
}
