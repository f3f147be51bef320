package dev.platte.omaha.protocol;

import java.util.List;

/**
 * The {@code <updatecheck>} of a decoded response.
 *
 * @param status       {@code updatecheck/@status} verbatim ("ok", "noupdate", "error-internal", ...);
 *                     {@code null} if absent
 * @param pollInterval {@code PollInterval} in seconds; {@code null} when absent or not a plain non-negative
 *                     decimal that fits an {@code int}
 * @param codebases    every {@code url/@codebase} in document order: those of the {@code <urls>} of the
 *                     update check (shared by all manifests) and, tolerated, of {@code <urls>} inside a
 *                     {@code <manifest>}; {@code <url>}s without a codebase are left out; never {@code null}
 * @param manifests    every {@code <manifest>} child in document order: one from a regular server, the
 *                     floors and then the target from a multi-manifest answer; never {@code null}
 */
public record ParsedUpdateCheck(String status, Integer pollInterval, List<String> codebases,
                                List<ParsedManifest> manifests) {

    public ParsedUpdateCheck {
        codebases = codebases == null ? List.of() : List.copyOf(codebases);
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
    }
}
