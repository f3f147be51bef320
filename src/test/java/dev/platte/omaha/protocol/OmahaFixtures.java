package dev.platte.omaha.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the golden files under src/test/resources/omaha. */
final class OmahaFixtures {

    private OmahaFixtures() {
    }

    static byte[] request(String name) {
        return bytes("/omaha/requests/" + name);
    }

    /** A golden response as text, without the single trailing newline the file ends with. */
    static String response(String name) {
        String text = new String(bytes("/omaha/responses/" + name), StandardCharsets.UTF_8);
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    static byte[] bytes(String resource) {
        try (InputStream in = OmahaFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
