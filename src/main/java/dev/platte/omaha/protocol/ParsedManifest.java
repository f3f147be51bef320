package dev.platte.omaha.protocol;

import java.util.List;

/**
 * One {@code <manifest>} of a decoded update check, including Nebraska's multi-manifest extension attributes.
 *
 * @param version     {@code manifest/@version} verbatim; {@code null} if absent
 * @param isFloor     {@code is_floor} is exactly "true"
 * @param floorReason {@code floor_reason} verbatim; {@code null} if absent
 * @param isTarget    {@code is_target} is exactly "true"
 * @param packages    every {@code packages/package} in document order (the first is the main payload);
 *                    never {@code null}
 * @param postinstall the first {@code actions/action} with {@code event="postinstall"}, or {@code null} if none
 * @param codebase    Platte's extension {@code manifest/@codebase}: where this step's files are when they are not
 *                    under the shared {@code <urls>} (floors hosted per version); {@code null} if absent
 */
public record ParsedManifest(String version, boolean isFloor, String floorReason, boolean isTarget,
                             List<ParsedPackage> packages, ParsedAction postinstall, String codebase) {

    public ParsedManifest {
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    public ParsedManifest(String version, boolean isFloor, String floorReason, boolean isTarget,
                          List<ParsedPackage> packages, ParsedAction postinstall) {
        this(version, isFloor, floorReason, isTarget, packages, postinstall, null);
    }
}
