package dev.platte.catalog;

import java.util.Locale;

/** What kind of payload a package is; Flatcar packages are OS images installed by update_engine. */
public enum PackageType {
    FLATCAR,
    OTHER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PackageType fromWireName(String value) {
        for (var type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown package type: " + value);
    }
}
