package dev.platte.omaha.protocol;

import java.util.List;

/**
 * An update offer: the {@code <manifest>} with its packages and the postinstall action, plus the base
 * URL its packages are fetched from.
 *
 * @param codebase base URL of all packages; must end with "/" because ue-rs joins it with the
 *                 package name by URL rules (update_engine would add the slash itself). In a
 *                 multi-manifest response only the last (target) manifest's codebase is written.
 * @param version  {@code manifest/@version}, the version being offered
 * @param packages the first is the main payload update_engine downloads; the rest are extra files
 *                 (OEM and Flatcar system extensions) that only ue-rs fetches
 * @param action   the postinstall action carrying the payload's SHA-256
 * @param role     floor/target attributes for multi-manifest responses to syncers, or {@code null} for a
 *                 plain manifest written exactly as before (no extra attributes)
 */
public record Manifest(String codebase, String version, List<PackageFile> packages, PostinstallAction action,
                       ManifestRole role) {

    public Manifest {
        if (codebase == null || !codebase.endsWith("/")) {
            throw new IllegalArgumentException("codebase must end with '/': " + codebase);
        }
        if (version == null || version.isEmpty()) {
            throw new IllegalArgumentException("version must not be empty");
        }
        if (packages == null || packages.isEmpty()) {
            throw new IllegalArgumentException("at least one package (the main payload) is required");
        }
        if (action == null) {
            throw new IllegalArgumentException("the postinstall action is required");
        }
        packages = List.copyOf(packages);
    }

    /** A plain manifest without a role, as offered to update_engine and ue-rs. */
    public Manifest(String codebase, String version, List<PackageFile> packages, PostinstallAction action) {
        this(codebase, version, packages, action, null);
    }

    /** A copy with the given role ({@code null} for a plain manifest). */
    public Manifest withRole(ManifestRole role) {
        return new Manifest(codebase, version, packages, action, role);
    }
}
