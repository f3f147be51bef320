package dev.platte.catalog;

import java.util.Locale;

/** CPU architectures Platte serves. Packages may be built for {@link #ALL}; channels serve one real arch. */
public enum Arch {
    AMD64,
    ARM64,
    ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Arch fromWireName(String value) {
        for (var arch : values()) {
            if (arch.wireName().equals(value)) {
                return arch;
            }
        }
        throw new IllegalArgumentException("unknown arch: " + value);
    }

    /** Whether a package built for this arch can be installed on {@code target}. */
    public boolean runsOn(Arch target) {
        return this == ALL || this == target;
    }
}
