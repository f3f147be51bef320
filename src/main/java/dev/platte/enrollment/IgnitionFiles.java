package dev.platte.enrollment;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Files as Butane writes them into an Ignition config: the contents as a {@code data:} URL, and the file
 * entry as compact JSON. Pure, no framework.
 */
public final class IgnitionFiles {

    private IgnitionFiles() {}

    /** The Ignition spec Butane's {@code flatcar} variant 1.0.0 produces. */
    public static final String IGNITION_VERSION = "3.3.0";
    public static final String BUTANE_VERSION = "1.0.0";

    /** A data URL and the {@code compression} that goes with it ("" or "gzip"). */
    public record DataUrl(String source, String compression) {}

    /**
     * Butane's choice (coreos/butane {@code base/util/url.go} {@code MakeDataURL}): the shortest of the
     * URL-escaped text ({@code data:,…}, escaping as vincent-petithory/dataurl does), base64
     * ({@code data:;base64,…}) and gzip plus base64, the last only when shorter by more than the four
     * characters of "gzip". Byte for byte Butane's output whenever one of the first two wins, which is the
     * case for short configuration files; when gzip wins the compressed bytes come from Java's deflate,
     * not Go's, and decompress to the same contents.
     */
    public static DataUrl dataUrl(byte[] contents) {
        var opaque = "," + escape(contents);
        var base64 = ";base64," + Base64.getEncoder().encodeToString(contents);
        if (base64.length() < opaque.length()) {
            opaque = base64;
        }
        var compression = "";
        var gzip = ";base64," + Base64.getEncoder().encodeToString(gzip(contents));
        if (gzip.length() + "gzip".length() < opaque.length()) {
            opaque = gzip;
            compression = "gzip";
        }
        return new DataUrl("data:" + opaque, compression);
    }

    /** RFC 2397 escaping as dataurl.Escape: all but {@code [a-zA-Z0-9-_.!~*'()]} as upper-case %XX. */
    static String escape(byte[] data) {
        var out = new StringBuilder(data.length * 3);
        for (var b : data) {
            var c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.!~*'()".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Gzip with the header Go writes at best compression (no name, mtime 0, XFL 2, OS unknown). */
    static byte[] gzip(byte[] data) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff});
        var deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            var buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        var crc = new CRC32();
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue())
                .putInt(data.length).array());
        return out.toByteArray();
    }

    /**
     * An Ignition config with one file, as {@code butane} prints it (compact, fields in Ignition's order).
     *
     * @param mode the file's mode as a number (0644 is 420)
     */
    public static String config(String path, int mode, String contents) {
        var url = dataUrl(contents.getBytes(StandardCharsets.UTF_8));
        return "{\"ignition\":{\"version\":\"" + IGNITION_VERSION + "\"},\"storage\":{\"files\":[{\"overwrite\":true,"
                + "\"path\":" + jsonString(path) + ",\"contents\":{\"compression\":" + jsonString(url.compression())
                + ",\"source\":" + jsonString(url.source()) + "},\"mode\":" + mode + "}]}}";
    }

    /** The Butane config that compiles to {@link #config}: contents inline, as a YAML literal block. */
    public static String butane(String path, int mode, String contents) {
        var yaml = new StringBuilder()
                .append("variant: flatcar\n")
                .append("version: ").append(BUTANE_VERSION).append('\n')
                .append("storage:\n")
                .append("  files:\n")
                .append("    - path: ").append(path).append('\n')
                .append("      overwrite: true\n")
                .append("      mode: 0").append(Integer.toOctalString(mode)).append('\n')
                .append("      contents:\n")
                .append("        inline: |\n");
        contents.lines().forEach(line -> yaml.append("          ").append(line).append('\n'));
        return yaml.toString();
    }

    /** Data URLs and paths hold no characters JSON must escape beyond these. */
    private static String jsonString(String value) {
        var out = new StringBuilder("\"");
        for (var c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
