package dev.platte.admin.account;

import java.util.Locale;

/** What a signed-in user or token may do: an admin everything, a viewer read only. */
public enum Role {
    ADMIN,
    VIEWER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The Spring Security authority; admins also hold the viewer's through the role hierarchy. */
    public String authority() {
        return "ROLE_" + name();
    }
}
