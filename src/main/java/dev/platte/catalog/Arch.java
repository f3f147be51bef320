package dev.platte.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** CPU architectures Platte serves. Packages may be built for {@link #ALL}; channels serve one real arch. */
public enum Arch {
    AMD64,
    ARM64,
    ALL;

    /** What a channel (and an upstream channel to sync) can serve: one real arch. */
    public static final List<Arch> SERVABLE = List.of(AMD64, ARM64);

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

    /** The rule an arch breaks, in words: {@code must be one of amd64, arm64, all}. */
    static String mustBeOneOf(List<Arch> allowed) {
        return "must be one of " + allowed.stream().map(Arch::wireName).collect(Collectors.joining(", "));
    }

    static List<Arch> allowed(boolean servable) {
        return servable ? SERVABLE : Arrays.asList(values());
    }
}
