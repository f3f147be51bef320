package dev.platte.common;

import org.semver4j.Semver;

/** Semantic versions as Omaha clients report them; build metadata never affects ordering. */
public final class Versions {

    private Versions() {}

    public static boolean isValid(String version) {
        // semver4j tolerates a leading "v"; semver itself does not.
        return version != null && !version.isEmpty() && Character.isDigit(version.charAt(0))
                && Semver.parse(version) != null;
    }

    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    public static boolean isNewer(String candidate, String than) {
        return compare(candidate, than) > 0;
    }

    private static Semver parse(String version) {
        var parsed = Semver.parse(version);
        if (parsed == null) {
            throw new IllegalArgumentException("not a semantic version: " + version);
        }
        // Build metadata is not part of precedence (semver 2.0 §10).
        return parsed.withClearedBuild();
    }
}
