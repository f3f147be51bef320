package dev.platte.common;

/**
 * The one way a value a client sent (a node's track, a machine id, a parser's reason) goes into a log
 * line: control characters escaped, so no CR/LF can forge a line, and cut to a fixed length, so a log
 * line costs the same whatever the client sent.
 */
public final class LogSafe {

    /** Enough to recognise a track, version or machine id; longer values are cut and marked. */
    public static final int MAX_CHARS = 64;

    private LogSafe() {}

    /** The value escaped and cut to {@link #MAX_CHARS}, in double quotes; {@code null} stays {@code null}. */
    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        var out = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 24).append('"');
        int shown = 0;
        int i = 0;
        while (i < value.length() && shown < MAX_CHARS) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            shown++;
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                            || Character.getType(c) == Character.FORMAT || (c >= 0xD800 && c <= 0xDFFF)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        out.append('"');
        if (i < value.length()) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.toString();
    }
}
