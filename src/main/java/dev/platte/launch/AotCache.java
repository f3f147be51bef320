package dev.platte.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * JDK 25's ahead-of-time cache for {@code java -jar}. The cache cannot hold classes from a jar inside the jar, so
 * the jar is extracted once ({@code java -Djarmode=tools -jar platte.jar extract}: {@code platte.jar} and
 * {@code lib/}) into {@code ${XDG_CACHE_HOME:-$HOME/.cache}/platte/<jar's path, size and time>/}, and the restart
 * runs that copy: with {@code -XX:AOTCache} once a cache exists, otherwise with {@code -XX:AOTCacheOutput}, which
 * records this run and writes the cache when the JVM exits (JEP 514). The three most recently started jars are kept.
 */
final class AotCache {

    static final String OPT_OUT_VARIABLE = "PLATTE_AOT_CACHE";
    static final String APPLICATION_JAR = "platte.jar";
    private static final int ENTRIES_KEPT = 3;
    private static final String EXTRACTING = ".extracting-";
    /**
     * The JVM reports every class it cannot cache (hundreds for Spring) as a warning; errors, such as a cache it
     * cannot map, still show.
     */
    private static final String QUIET = "-Xlog:aot*=error";

    private AotCache() {
    }

    /** {@code ${XDG_CACHE_HOME:-$HOME/.cache}/platte}, as the XDG base directories say; none without either. */
    static Optional<Path> root(Map<String, String> environment) {
        var xdg = environment.getOrDefault("XDG_CACHE_HOME", "");
        if (!xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "platte"));
        }
        var home = environment.getOrDefault("HOME", "");
        if (!home.isEmpty() && Path.of(home).isAbsolute()) {
            return Optional.of(Path.of(home, ".cache", "platte"));
        }
        return Optional.empty();
    }

    /** The extracted copy of this jar: another build, or the same jar elsewhere, gets another directory. */
    static Path entry(Path root, StartedJvm.JarFile jar) {
        return root.resolve(hash(jar.path() + "\n" + jar.size() + "\n" + jar.modifiedMillis()));
    }

    /** The cache file, one per JDK and set of the user's options (a cache serves only the JDK and flags it was made with). */
    static Path cacheFile(Path entry, Path javaHome, String vmVersion, List<String> userOptions) {
        return entry.resolve("platte-" + hash(javaHome + "\n" + vmVersion + "\n" + String.join("\n", userOptions)) + ".aot");
    }

    /** Use the cache when it exists; otherwise have this run write it. */
    static List<String> options(Path cacheFile, boolean exists) {
        return List.of((exists ? "-XX:AOTCache=" : "-XX:AOTCacheOutput=") + cacheFile, QUIET);
    }

    /**
     * In a restarted JVM that was given one of these caches and runs without sharing (a cache torn by a kill while
     * it was written, or that no longer fits), the cache: deleted, the next start records a new one.
     */
    static Optional<Path> unusable(StartedJvm jvm, String vmInfo) {
        if (!jvm.launched() || vmInfo.contains("sharing") || jvm.jar().isEmpty()) {
            return Optional.empty();
        }
        var entry = jvm.jar().get().path().getParent();
        return jvm.inputArguments().stream()
                .filter(option -> option.startsWith("-XX:AOTCache="))
                .map(option -> Path.of(option.substring("-XX:AOTCache=".length())))
                .filter(file -> entry != null && entry.equals(file.getParent())
                        && file.getFileName().toString().matches("platte-\\w+\\.aot"))
                .findFirst();
    }

    /** The restart with the cache, after extracting the jar if this is its first start. */
    static Relaunch prepare(StartedJvm jvm, Relaunch relaunch, Path root) throws IOException, InterruptedException {
        var jar = jvm.jar().orElseThrow();
        var entry = entry(root, jar);
        if (!Files.isRegularFile(entry.resolve(APPLICATION_JAR))) {
            extract(jvm.javaHome(), jar.path(), root, entry);
        }
        // Most recently started first, for removeOld; and a directory nothing can be written to gets no recording.
        Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        removeOld(root, entry);
        var cache = cacheFile(entry, jvm.javaHome(), System.getProperty("java.vm.version", ""), relaunch.userOptions());
        return relaunch.withCache(entry.resolve(APPLICATION_JAR), options(cache, Files.isRegularFile(cache)));
    }

    /** In a restarted JVM: deletes a cache it could not use. */
    static void forgetUnusable(StartedJvm jvm) throws IOException {
        var unusable = unusable(jvm, System.getProperty("java.vm.info", ""));
        if (unusable.isPresent()) {
            Files.deleteIfExists(unusable.get());
        }
    }

    /** Extracts into a directory of its own, then renames it: a start never sees half a copy. */
    private static void extract(Path javaHome, Path jar, Path root, Path entry) throws IOException, InterruptedException {
        Files.createDirectories(root);
        var staging = root.resolve(EXTRACTING + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            var process = new ProcessBuilder(javaHome.resolve("bin").resolve("java").toString(), "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Djarmode=tools", "-jar", jar.toString(),
                    "extract", "--destination", staging.toString(), "--application-filename", APPLICATION_JAR)
                    .redirectErrorStream(true)
                    .redirectOutput(staging.resolveSibling(staging.getFileName() + ".log").toFile())
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("extracting " + jar + " took more than 5 minutes");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(staging.resolve(APPLICATION_JAR))) {
                var output = Files.readString(staging.resolveSibling(staging.getFileName() + ".log"), StandardCharsets.UTF_8).strip();
                throw new IOException("extracting " + jar + " failed: " + output.substring(output.lastIndexOf('\n') + 1));
            }
            try {
                Files.move(staging, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException anotherStart) {
                // Another start of the same jar renamed its copy first.
                if (!Files.isRegularFile(entry.resolve(APPLICATION_JAR))) {
                    throw anotherStart;
                }
            }
        } finally {
            delete(staging);
            Files.deleteIfExists(staging.resolveSibling(staging.getFileName() + ".log"));
        }
    }

    /** Keeps the most recently started entries, and copies left half-extracted by a start that was killed. */
    static void removeOld(Path root, Path current) throws IOException {
        List<Path> entries;
        try (Stream<Path> children = Files.list(root)) {
            entries = children.filter(Files::isDirectory).toList();
        }
        var anHourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (var abandoned : entries.stream().filter(dir -> dir.getFileName().toString().startsWith(EXTRACTING)).toList()) {
            if (modified(abandoned).compareTo(anHourAgo) < 0) {
                delete(abandoned);
            }
        }
        var old = entries.stream()
                .filter(dir -> !dir.getFileName().toString().startsWith(".") && !dir.equals(current))
                .sorted(Comparator.comparing(AotCache::modified).reversed())
                .skip(ENTRIES_KEPT - 1)
                .toList();
        for (var entry : old) {
            delete(entry);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (var path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String hash(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
