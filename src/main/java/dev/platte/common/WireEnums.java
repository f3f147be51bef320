package dev.platte.common;

import java.util.Arrays;
import java.util.Locale;

/** Enums as clients spell them in query parameters: lower-case names, as the API writes them. */
public final class WireEnums {

    private WireEnums() {}

    /** The constant named {@code value} (any letter case); {@code null} for a blank value. */
    public static <E extends Enum<E>> E parse(String field, String value, E[] values) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(values)
                .filter(e -> e.name().equalsIgnoreCase(value.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(field, "must be one of "
                        + Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }
}
