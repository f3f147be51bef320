package dev.platte.admin.api;

import dev.platte.common.InvalidInputException;

/** Row versions as HTTP entity tags: {@code ETag: "7"} on reads, {@code If-Match: "7"} on edits. */
final class ETags {

    private ETags() {}

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an If-Match header names; {@code null} when absent or {@code *}. */
    static Long parse(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        var value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("If-Match", "must be an ETag this API returned, such as \"3\"");
        }
    }
}
