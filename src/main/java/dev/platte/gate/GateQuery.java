package dev.platte.gate;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gate's PromQL with its placeholders filled in. Values are escaped for a PromQL double-quoted string
 * literal, where the placeholders belong: {@code up{group="{{group}}"}}.
 */
public final class GateQuery {

    public static final Set<String> PLACEHOLDERS = Set.of("group", "track", "target_version", "previous_version");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

    private GateQuery() {}

    /** The first placeholder the template uses that is not one of {@link #PLACEHOLDERS}, or null. */
    public static String unknownPlaceholder(String template) {
        var matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (!PLACEHOLDERS.contains(matcher.group(1))) {
                return matcher.group(1);
            }
        }
        return null;
    }

    public static String render(String template, Map<String, String> values) {
        return PLACEHOLDER.matcher(template).replaceAll(match -> {
            var value = values.get(match.group(1));
            return Matcher.quoteReplacement(value == null ? match.group() : escape(value));
        });
    }

    /** Escapes for inside "…" in PromQL (Go string syntax): backslash, both quotes and control characters. */
    static String escape(String value) {
        var out = new StringBuilder(value.length() + 8);
        for (var c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\'' -> out.append("\\'");
                case '`' -> out.append("\\x60");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\x%02x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
