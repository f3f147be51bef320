package dev.platte.omaha.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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

    /** The names of all golden requests, sorted. */
    static List<String> requestNames() {
        return names("/omaha/requests");
    }

    /** The names of all golden responses, sorted. */
    static List<String> responseNames() {
        return names("/omaha/responses");
    }

    /** A golden response exactly as stored, trailing newline included. */
    static byte[] responseBytes(String name) {
        return bytes("/omaha/responses/" + name);
    }

    private static List<String> names(String directory) {
        URL url = OmahaFixtures.class.getResource(directory);
        if (url == null) {
            throw new IllegalArgumentException("missing test resource directory " + directory);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".xml")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
