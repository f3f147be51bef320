package dev.platte.omaha.protocol;

/**
 * The place of a {@link Manifest} in a multi-step update ("floors"), written as Nebraska's extension
 * attributes on {@code <manifest>}. Only downstream servers that sent {@code multi_manifest_ok="true"}
 * read them; update_engine and ue-rs ignore them. A plain single-manifest offer has no role at all
 * ({@code null}), not a role with both flags off.
 *
 * <p>The components are named after the wire attributes ({@code isFloor}, {@code isTarget}) so that the
 * accessors do not clash with the static factories {@link #floor(String)} and {@link #target()}.
 *
 * @param isFloor     write {@code is_floor="true"}: an intermediate version every client must install
 *                    on its way to the target
 * @param floorReason {@code floor_reason}, only for floors; {@code null} or empty omits the attribute
 *                    (an empty reason is stored as {@code null})
 * @param isTarget    write {@code is_target="true"}: the version the channel points at; only the
 *                    last manifest of a response may be the target
 */
public record ManifestRole(boolean isFloor, String floorReason, boolean isTarget) {

    public ManifestRole {
        if (!isFloor && !isTarget) {
            throw new IllegalArgumentException("a role must be floor, target or both; use no role for a plain manifest");
        }
        if (floorReason != null && floorReason.isEmpty()) {
            floorReason = null;
        }
        if (!isFloor && floorReason != null) {
            throw new IllegalArgumentException("only a floor can have a floor reason");
        }
    }

    /** An intermediate version; {@code reason} may be {@code null} or empty to omit {@code floor_reason}. */
    public static ManifestRole floor(String reason) {
        return new ManifestRole(true, reason, false);
    }

    /** The final version of a multi-step update that is not itself a floor. */
    public static ManifestRole target() {
        return new ManifestRole(false, null, true);
    }

    /** The target when it is also the channel's last floor; carries both flags. */
    public static ManifestRole floorAndTarget(String reason) {
        return new ManifestRole(true, reason, true);
    }
}
