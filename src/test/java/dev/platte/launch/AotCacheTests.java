package dev.platte.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTests {

    private static final StartedJvm.JarFile JAR = new StartedJvm.JarFile(Path.of("/srv/platte.jar"), 170_000_000, 1_000);
    private static final Path ROOT = Path.of("/home/ops/.cache/platte");

    @Test
    void keepsItsFilesInTheUsersCacheDirectory() {
        assertThat(AotCache.root(Map.of("HOME", "/home/ops"))).contains(ROOT);
        assertThat(AotCache.root(Map.of("HOME", "/home/ops", "XDG_CACHE_HOME", "/var/cache/ops")))
                .contains(Path.of("/var/cache/ops/platte"));
        // XDG: a relative path is invalid and ignored.
        assertThat(AotCache.root(Map.of("HOME", "/home/ops", "XDG_CACHE_HOME", "cache"))).contains(ROOT);
        assertThat(AotCache.root(Map.of())).isEmpty();
        assertThat(AotCache.root(Map.of("HOME", "/home/ops", "PLATTE_AOT_CACHE_DIR", "/src/platte/target/aot-cache")))
                .contains(Path.of("/src/platte/target/aot-cache"));
    }

    @Test
    void knowsAClassPathByEveryFileInItsDirectoriesAndReplacesThoseByJars(@TempDir Path build) throws Exception {
        var classes = Files.createDirectories(build.resolve("classes/dev/platte")).getParent().getParent();
        var type = Files.writeString(classes.resolve("dev/platte/A.class"), "cafebabe");
        var library = Files.writeString(build.resolve("library.jar"), "jar");
        var classPath = List.of(classes.toString(), library.toString());
        var before = AotCache.fingerprint(classPath);

        assertThat(AotCache.fingerprint(classPath)).isEqualTo(before);
        Files.setLastModifiedTime(type, FileTime.fromMillis(Files.getLastModifiedTime(type).toMillis() + 1000));
        var touched = AotCache.fingerprint(classPath);
        Files.writeString(classes.resolve("dev/platte/B.class"), "cafebabe");
        var added = AotCache.fingerprint(classPath);
        Files.writeString(library, "jar, rebuilt");
        assertThat(List.of(before, touched, added, AotCache.fingerprint(classPath))).doesNotHaveDuplicates();

        assertThat(AotCache.packed(classPath, Path.of("/cache/entry")))
                .containsExactly("/cache/entry/classes-0.jar", library.toString());
    }

    @Test
    void extractsEachBuildOfTheJarIntoADirectoryOfItsOwn() {
        var entry = AotCache.entry(ROOT, JAR);

        assertThat(entry.getParent()).isEqualTo(ROOT);
        assertThat(AotCache.entry(ROOT, new StartedJvm.JarFile(JAR.path(), JAR.size(), JAR.modifiedMillis())))
                .isEqualTo(entry);
        assertThat(List.of(
                AotCache.entry(ROOT, new StartedJvm.JarFile(JAR.path(), JAR.size() + 1, JAR.modifiedMillis())),
                AotCache.entry(ROOT, new StartedJvm.JarFile(JAR.path(), JAR.size(), JAR.modifiedMillis() + 1)),
                AotCache.entry(ROOT, new StartedJvm.JarFile(Path.of("/opt/platte.jar"), JAR.size(), JAR.modifiedMillis()))))
                .doesNotContain(entry).doesNotHaveDuplicates();
    }

    @Test
    void keepsACacheForEachJdkAndSetOfOptions() {
        var entry = AotCache.entry(ROOT, JAR);
        var cache = AotCache.cacheFile(entry, Path.of("/opt/jdk-25"), "25.0.3+9", List.of());

        assertThat(cache.getParent()).isEqualTo(entry);
        assertThat(cache.getFileName().toString()).matches("platte-[0-9a-f]{16}\\.aot");
        assertThat(List.of(
                AotCache.cacheFile(entry, Path.of("/opt/jdk-25"), "25.0.4+7", List.of()),
                AotCache.cacheFile(entry, Path.of("/opt/other-jdk-25"), "25.0.3+9", List.of()),
                AotCache.cacheFile(entry, Path.of("/opt/jdk-25"), "25.0.3+9", List.of("--add-modules=jdk.incubator.vector"))))
                .doesNotContain(cache).doesNotHaveDuplicates();
    }

    @Test
    void usesAnExistingCacheAndRecordsAMissingOne() {
        var cache = Path.of("/c/platte-1.aot");

        assertThat(AotCache.options(cache, true)).containsExactly("-XX:AOTCache=/c/platte-1.aot", "-Xlog:aot*=error");
        assertThat(AotCache.options(cache, false)).containsExactly("-XX:AOTCacheOutput=/c/platte-1.aot", "-Xlog:aot*=error");
    }

    @Test
    void forgetsOnlyItsOwnCacheAndOnlyWhenTheRestartedJvmRunsWithoutIt() {
        var entry = AotCache.entry(ROOT, JAR);
        var cache = entry.resolve("platte-0123456789abcdef.aot");
        var restarted = restarted(entry, List.of("-XX:+UseSerialGC", "-XX:AOTCache=" + cache), true);

        assertThat(AotCache.unusable(restarted, "mixed mode")).contains(cache);
        assertThat(AotCache.unusable(restarted, "mixed mode, sharing")).isEmpty();
        assertThat(AotCache.unusable(restarted(entry, List.of("-XX:AOTCache=" + cache), false), "mixed mode")).isEmpty();
        assertThat(AotCache.unusable(restarted(entry, List.of("-XX:AOTCache=/elsewhere/platte-1.aot"), true), "mixed mode"))
                .isEmpty();
        assertThat(AotCache.unusable(restarted(entry, List.of("-XX:AOTCache=" + entry.resolve("mine.aot")), true),
                "mixed mode")).isEmpty();
    }

    @Test
    void addsNoCacheWhenTheUserOptsOutOfIt() {
        var jvm = new StartedJvm(Path.of("/opt/jdk"), "Linux", List.of(), List.of("-jar", "platte.jar"), "platte.jar",
                Optional.of(JAR), List.of(), Map.of("PLATTE_AOT_CACHE", "false"), false);

        assertThat(ShippedJvm.decide(jvm)).isInstanceOfSatisfying(Relaunch.class,
                relaunch -> assertThat(relaunch.cacheAllowed()).isFalse());
    }

    @Test
    void keepsTheJarStartedNowAndTheTwoStartedBeforeAndCopiesStillBeingExtracted(@TempDir Path root) throws Exception {
        var now = Instant.now();
        List<Path> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var entry = Files.createDirectories(root.resolve("entry-" + i).resolve("lib"));
            Files.writeString(entry.resolve("a.jar"), "jar");
            Files.setLastModifiedTime(entry.getParent(), FileTime.from(now.minus(Duration.ofDays(i))));
            entries.add(entry.getParent());
        }
        var current = entries.get(4); // the oldest, started again now
        var abandoned = Files.createDirectories(root.resolve(".extracting-1-1"));
        Files.setLastModifiedTime(abandoned, FileTime.from(now.minus(Duration.ofHours(2))));
        var extracting = Files.createDirectories(root.resolve(".extracting-2-2"));

        AotCache.removeOld(root, current);

        try (var left = Files.list(root)) {
            assertThat(left).containsExactlyInAnyOrder(current, entries.get(0), entries.get(1), extracting);
        }
    }

    private static StartedJvm restarted(Path entry, List<String> options, boolean launched) {
        var jar = entry.resolve("platte.jar");
        return new StartedJvm(Path.of("/opt/jdk"), "Linux", options, List.of(), jar.toString(),
                Optional.of(new StartedJvm.JarFile(jar, 1, 2)), List.of(), Map.of(), launched);
    }
}
