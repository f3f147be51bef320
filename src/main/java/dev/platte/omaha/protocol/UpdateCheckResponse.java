package dev.platte.omaha.protocol;

import java.util.List;

/**
 * The {@code <updatecheck>} answer.
 *
 * <p>Regular clients get at most one manifest. Downstream servers that sent {@code multi_manifest_ok="true"}
 * can get several ({@link #okMultiManifest(List)}): the floors in ascending version order, then the target.
 * With more than one manifest, every manifest before the last must be a floor only and the last must be
 * the target (it may also be a floor). Only the last manifest may be the target in any case.
 *
 * @param status              {@code updatecheck/@status}
 * @param manifests           the update offer, in the order written; non-empty exactly when status is
 *                            {@link UpdateCheckStatus#OK}; {@code null} is taken as empty
 * @param pollIntervalSeconds optional {@code PollInterval} attribute (clients clamp it to 45 min .. 4 h
 *                            and forget it unless it is resent), {@code null} to omit
 */
public record UpdateCheckResponse(UpdateCheckStatus status, List<Manifest> manifests, Integer pollIntervalSeconds) {

    public UpdateCheckResponse {
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        if (manifests == null) {
            manifests = List.of();
        } else {
            // Not contains(null): immutable lists throw NullPointerException for it.
            for (Manifest manifest : manifests) {
                if (manifest == null) {
                    throw new IllegalArgumentException("manifests must not contain null");
                }
            }
            manifests = List.copyOf(manifests);
        }
        if ((status == UpdateCheckStatus.OK) == manifests.isEmpty()) {
            throw new IllegalArgumentException("a manifest is required for status ok and forbidden otherwise");
        }
        checkRoles(manifests);
        if (pollIntervalSeconds != null && pollIntervalSeconds <= 0) {
            throw new IllegalArgumentException("pollIntervalSeconds must be positive");
        }
    }

    /** One manifest, or none when {@code manifest} is {@code null}. */
    public UpdateCheckResponse(UpdateCheckStatus status, Manifest manifest, Integer pollIntervalSeconds) {
        this(status, manifest == null ? List.<Manifest>of() : List.of(manifest), pollIntervalSeconds);
    }

    private static void checkRoles(List<Manifest> manifests) {
        int last = manifests.size() - 1;
        for (int i = 0; i < last; i++) {
            ManifestRole role = manifests.get(i).role();
            if (role == null || !role.isFloor() || role.isTarget()) {
                throw new IllegalArgumentException("manifest " + (i + 1) + " of " + manifests.size()
                        + " (version " + manifests.get(i).version() + ") must be a floor and not the target");
            }
        }
        if (last > 0) {
            ManifestRole role = manifests.get(last).role();
            if (role == null || !role.isTarget()) {
                throw new IllegalArgumentException("the last of several manifests (version "
                        + manifests.get(last).version() + ") must be the target");
            }
        }
    }

    public static UpdateCheckResponse noUpdate() {
        return new UpdateCheckResponse(UpdateCheckStatus.NO_UPDATE, List.of(), null);
    }

    public static UpdateCheckResponse error() {
        return new UpdateCheckResponse(UpdateCheckStatus.ERROR_INTERNAL, List.of(), null);
    }

    /** An offer of one manifest, as every regular client gets it. */
    public static UpdateCheckResponse ok(Manifest manifest) {
        return new UpdateCheckResponse(UpdateCheckStatus.OK, manifest, null);
    }

    /**
     * A multi-step offer for a downstream server that sent {@code multi_manifest_ok="true"}: the floors in
     * ascending version order, then the target. The order is the caller's; it is written as given.
     *
     * @param manifests at least one; roles as described in the class documentation
     */
    public static UpdateCheckResponse okMultiManifest(List<Manifest> manifests) {
        if (manifests == null || manifests.isEmpty()) {
            throw new IllegalArgumentException("a multi-manifest offer needs at least one manifest");
        }
        return new UpdateCheckResponse(UpdateCheckStatus.OK, manifests, null);
    }

    /** The offered (target) manifest: the last one, or {@code null} when there is none. */
    public Manifest manifest() {
        return manifests.isEmpty() ? null : manifests.getLast();
    }

    /** A copy with the given {@code PollInterval} ({@code null} to omit it). */
    public UpdateCheckResponse withPollInterval(Integer seconds) {
        return new UpdateCheckResponse(status, manifests, seconds);
    }
}
