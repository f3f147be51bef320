package dev.platte.common;

/**
 * Text that came from outside (a remote server, a node) made safe to log, store or show: printable on one
 * line and short. Control characters, line and paragraph separators and bidirectional or invisible format
 * characters become {@code ?}, so no such text can forge a log line or hide what follows it.
 */
public final class Untrusted {

    private Untrusted() {}

    /** {@code value} printable and at most {@code maxLength} code points long (then ending in "…"); null stays null. */
    public static String printable(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        var out = new StringBuilder(Math.min(value.length(), maxLength + 1));
        var count = 0;
        for (var i = 0; i < value.length(); ) {
            var c = value.codePointAt(i);
            i += Character.charCount(c);
            if (count == maxLength) {
                out.append('…');
                break;
            }
            out.appendCodePoint(isUnsafe(c) ? '?' : c);
            count++;
        }
        return out.toString();
    }

    private static boolean isUnsafe(int c) {
        var type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }
}
