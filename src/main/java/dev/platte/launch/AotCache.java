package dev.platte.launch;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * JDK 25's ahead-of-time cache for {@code java -jar} and {@code ./mvnw spring-boot:run}. The cache cannot hold
 * classes from a jar inside the jar, so the jar is extracted once ({@code java -Djarmode=tools -jar platte.jar
 * extract}: {@code platte.jar} and {@code lib/}) into {@code ${XDG_CACHE_HOME:-$HOME/.cache}/platte/<jar's path, size and time>/}, and the restart
 * runs that copy: with {@code -XX:AOTCache} once a cache exists, otherwise with {@code -XX:AOTCacheOutput}, which
 * records this run and writes the cache when the JVM exits (JEP 514). The three most recently started jars are kept.
 * Nor can it hold classes from a directory, so a start from a class path packs each directory into a jar of its own,
 * once for each content of the class path, and runs on those jars the same way.
 */
final class AotCache {

    static final String OPT_OUT_VARIABLE = "PLATTE_AOT_CACHE";
    /** Where the caches are kept, instead of the user's cache directory; a start from a class path needs it. */
    static final String DIRECTORY_VARIABLE = "PLATTE_AOT_CACHE_DIR";
    static final String APPLICATION_JAR = "platte.jar";
    private static final int ENTRIES_KEPT = 3;
    private static final String EXTRACTING = ".extracting-";
    private static final String PACKED_PREFIX = "classes-";
    /**
     * The JVM reports every class it cannot cache (hundreds for Spring) as a warning; errors, such as a cache it
     * cannot map, still show.
     */
    private static final String QUIET = "-Xlog:aot*=error";

    private AotCache() {
    }

    /**
     * {@code $PLATTE_AOT_CACHE_DIR}, or {@code ${XDG_CACHE_HOME:-$HOME/.cache}/platte} as the XDG base directories
     * say; none without any of them.
     */
    static Optional<Path> root(Map<String, String> environment) {
        var named = environment.getOrDefault(DIRECTORY_VARIABLE, "").strip();
        if (!named.isEmpty()) {
            return Optional.of(Path.of(named).toAbsolutePath().normalize());
        }
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
        if (!jvm.launched() || vmInfo.contains("sharing") || jvm.classPath().isEmpty()) {
            return Optional.empty();
        }
        // The cache sits in the entry that holds the extracted jar, or the packed classes.
        var entries = jvm.classPathEntries().stream()
                .map(Path::getParent)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return jvm.inputArguments().stream()
                .filter(option -> option.startsWith("-XX:AOTCache="))
                .map(option -> Path.of(option.substring("-XX:AOTCache=".length())).toAbsolutePath().normalize())
                .filter(file -> entries.contains(file.getParent())
                        && file.getFileName().toString().matches("platte-\\w+\\.aot"))
                .findFirst();
    }

    /** The restart with the cache, after extracting the jar, or packing the class path's directories, if this is their first start. */
    static Relaunch prepare(StartedJvm jvm, Relaunch relaunch, Path root) throws IOException, InterruptedException {
        Path entry;
        List<String> start;
        if (relaunch.fromJar()) {
            var jar = jvm.jar().orElseThrow();
            entry = entry(root, jar);
            if (!Files.isRegularFile(entry.resolve(APPLICATION_JAR))) {
                extract(jvm.javaHome(), jar.path(), root, entry);
            }
            start = Relaunch.jar(entry.resolve(APPLICATION_JAR).toString());
        } else {
            var classPath = List.of(relaunch.start().get(1).split(File.pathSeparator, -1));
            entry = root.resolve(hash(fingerprint(classPath)));
            if (!Files.isDirectory(entry)) {
                pack(classPath, root, entry);
            }
            start = Relaunch.classPath(String.join(File.pathSeparator, packed(classPath, entry)), relaunch.start().get(2));
        }
        // Most recently started first, for removeOld; and a directory nothing can be written to gets no recording.
        Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        removeOld(root, entry);
        var cache = cacheFile(entry, jvm.javaHome(), System.getProperty("java.vm.version", ""), relaunch.userOptions());
        var exists = Files.isRegularFile(cache);
        var options = new ArrayList<>(options(cache, exists));
        if (!exists) {
            options.addAll(ShippedJvm.recordingOptions(jvm.inputArguments()));
        }
        return relaunch.withCache(start, options);
    }

    /**
     * What a class path's content is known by, cheaply: each element, and the name, size and modification time of each
     * file in it (each file under a directory); a build that changes a class changes it.
     */
    static String fingerprint(List<String> classPath) throws IOException {
        var text = new StringBuilder();
        for (var element : classPath) {
            text.append(element).append('\n');
            var path = Path.of(element);
            if (element.isEmpty() || !Files.exists(path)) {
                continue;
            }
            if (Files.isDirectory(path)) {
                for (var file : filesIn(path)) {
                    var attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    text.append(path.relativize(file)).append(' ').append(attributes.size()).append(' ')
                            .append(attributes.lastModifiedTime().toMillis()).append('\n');
                }
            } else {
                text.append(Files.size(path)).append(' ').append(Files.getLastModifiedTime(path).toMillis()).append('\n');
            }
        }
        return text.toString();
    }

    /** The class path as the restart runs it: the i-th element, a directory, replaced by the entry's {@code classes-i.jar}. */
    static List<String> packed(List<String> classPath, Path entry) {
        List<String> packed = new ArrayList<>();
        for (int i = 0; i < classPath.size(); i++) {
            var element = classPath.get(i);
            packed.add(!element.isEmpty() && Files.isDirectory(Path.of(element))
                    ? entry.resolve(PACKED_PREFIX + i + ".jar").toString()
                    : element);
        }
        return packed;
    }

    /** Packs into a directory of its own, then renames it: a start never sees half a copy. */
    private static void pack(List<String> classPath, Path root, Path entry) throws IOException {
        Files.createDirectories(root);
        var staging = root.resolve(EXTRACTING + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectories(staging);
            var packed = packed(classPath, staging);
            for (int i = 0; i < classPath.size(); i++) {
                if (!packed.get(i).equals(classPath.get(i))) {
                    jar(Path.of(classPath.get(i)), Path.of(packed.get(i)));
                }
            }
            moveInPlace(staging, entry);
        } finally {
            delete(staging);
        }
    }

    /**
     * The directory's files, uncompressed, with an entry for each directory too: Spring's component scan asks the
     * class loader for {@code dev/platte/}, which a jar answers only with its directory entry.
     */
    private static void jar(Path directory, Path jar) throws IOException {
        try (var out = new JarOutputStream(new BufferedOutputStream(Files.newOutputStream(jar)));
                Stream<Path> tree = Files.walk(directory)) {
            for (var path : tree.filter(path -> !path.equals(directory)).sorted().toList()) {
                var name = directory.relativize(path).toString().replace(File.separatorChar, '/');
                var entry = new JarEntry(Files.isDirectory(path) ? name + "/" : name);
                entry.setTime(Files.getLastModifiedTime(path).toMillis());
                var bytes = Files.isDirectory(path) ? new byte[0] : Files.readAllBytes(path);
                var crc = new CRC32();
                crc.update(bytes);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
                out.putNextEntry(entry);
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> tree = Files.walk(directory)) {
            return tree.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void moveInPlace(Path staging, Path entry) throws IOException {
        try {
            Files.move(staging, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException anotherStart) {
            // Another start of the same content renamed its copy first.
            if (!Files.isDirectory(entry)) {
                throw anotherStart;
            }
        }
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
            moveInPlace(staging, entry);
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
