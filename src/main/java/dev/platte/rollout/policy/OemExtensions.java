package dev.platte.rollout.policy;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The OEM system extensions a package ships: the {@code <OEM>} of each {@code oem-<OEM>.gz} among its extra
 * files. flatcar-postinst fetches {@code oem-<OEM>.gz} for the node's OEM (the {@code oem} of its checks)
 * and, when the package lacks it, falls back to the public Flatcar server, which fails behind a firewall.
 * A package without any such file ships none and leaves the node's own mechanism alone.
 */
public record OemExtensions(Set<String> oems) {

    public static final OemExtensions NONE = new OemExtensions(Set.of());

    private static final Pattern OEM_FILE = Pattern.compile("oem-(.+)\\.gz");

    public OemExtensions {
        oems = oems == null ? Set.of() : Set.copyOf(oems);
    }

    /** The OEMs among a package's extra file names; names that are no OEM extension are ignored. */
    public static OemExtensions ofFileNames(Collection<String> fileNames) {
        var found = new TreeSet<String>();
        for (var name : fileNames) {
            var matcher = name == null ? null : OEM_FILE.matcher(name);
            if (matcher != null && matcher.matches()) {
                found.add(matcher.group(1));
            }
        }
        return found.isEmpty() ? NONE : new OemExtensions(found);
    }

    /**
     * Whether a node of {@code oem} would miss its extension: the package ships OEM extensions, but not
     * this one. Nodes that report no OEM are never missing one. Compared exactly, as the postinstall's
     * file pattern does.
     */
    public boolean missingFor(String oem) {
        return !oems.isEmpty() && oem != null && !oem.isBlank() && !oems.contains(oem);
    }

    /** The extension file a node of {@code oem} looks for. */
    public static String fileNameFor(String oem) {
        return "oem-" + oem + ".gz";
    }
}
