package dev.platte.common;

import tools.jackson.core.JacksonException;

/** Where in a JSON (or YAML) document Jackson failed, as a field path such as {@code groups[1].policy.ramp}. */
public final class JsonPaths {

    private JsonPaths() {}

    /** The path of the value Jackson could not read; empty when it failed outside any value. */
    public static String of(JacksonException e) {
        var path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
