package dev.platte.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar} on a small jar whose main restarts through {@link JvmRestart}, in a child process: the
 * real exec, checked from inside the restarted JVM (its collector, flags, environment, arguments, process id).
 * And {@code java -cp <classes directory>:<jar> <main>}, as spring-boot:run starts Platte.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class JvmRestartTests {

    @TempDir
    static Path directory;
    private static Path jar;
    /** The same classes in a directory, as spring-boot:run has Platte's in target/classes. */
    private static Path classes;

    /** The probe and the launch package's classes in one jar, with the manifest Platte's jar has. */
    @BeforeAll
    static void buildProbeJar() throws IOException, URISyntaxException {
        classes = directory.resolve("classes");
        jar = directory.resolve("probe.jar");
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, RestartProbe.class.getName());
        manifest.getMainAttributes().putValue("Enable-Native-Access", "ALL-UNNAMED");
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (var type : List.of(ShippedJvm.class, RestartProbe.class)) {
                var classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
                var pkg = classes.resolve("dev/platte/launch");
                try (var files = Files.list(pkg)) {
                    for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        var copy = JvmRestartTests.classes.resolve(classes.relativize(file).toString());
                        Files.createDirectories(copy.getParent());
                        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                        out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                        Files.copy(file, (OutputStream) out);
                        out.closeEntry();
                    }
                }
            }
        }
    }

    private record Run(int exitStatus, long pid, List<String> out, String err) {
    }

    private static Run javaJar(Map<String, String> environment, List<String> options, String... arguments)
            throws IOException, InterruptedException {
        return java(environment, options, List.of("-jar", jar.toString()), arguments);
    }

    private static Run java(Map<String, String> environment, List<String> options, List<String> start, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(start);
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command).directory(directory.toFile());
        // What the build's own JVM may have been given must not decide for the child.
        for (var variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "MALLOC_ARENA_MAX",
                ShippedJvm.OPT_OUT_VARIABLE, AotCache.OPT_OUT_VARIABLE, AotCache.DIRECTORY_VARIABLE)) {
            builder.environment().remove(variable);
        }
        builder.environment().put("XDG_CACHE_HOME", directory.resolve("cache").toString());
        builder.environment().putAll(environment);
        var process = builder.start();
        var err = process.getErrorStream().readAllBytes();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), process.pid(), out.lines().toList(), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void restartsInTheSameProcessWithTheSerialCollectorTheHeapFlagsAndTwoMallocArenas() throws Exception {
        var run = javaJar(Map.of(AotCache.OPT_OUT_VARIABLE, "false"), List.of("-Dgiven=yes"), "--server.port=9090", "two words");

        assertThat(run.out()).containsSubsequence(
                "started pid=" + run.pid() + " launched=null vm=mixed_mode,_sharing gc=G1 Young Generation,G1 Concurrent GC,G1 Old Generation",
                "started pid=" + run.pid() + " launched=true vm=mixed_mode,_sharing gc=Copy,MarkSweepCompact",
                "running pid=" + run.pid() + " launched=true vm=mixed_mode,_sharing gc=Copy,MarkSweepCompact",
                "arguments=--server.port=9090|two words",
                "MALLOC_ARENA_MAX=2",
                "input=-XX:+UseSerialGC|-XX:+UseCompactObjectHeaders|-XX:MaxRAMPercentage=50|-XX:ErgoHeapSizeLimit=176m|-Dgiven=yes|-Dplatte.launched=true");
        assertThat(run.out()).filteredOn(line -> line.startsWith("running")).hasSize(1);
        assertThat(run.exitStatus()).isEqualTo(7);
        assertThat(run.err()).doesNotContain("WARNING");
    }

    @Test
    void keepsAMallocArenaCountTheUserSet() throws Exception {
        var run = javaJar(Map.of("MALLOC_ARENA_MAX", "4", AotCache.OPT_OUT_VARIABLE, "false"), List.of());

        assertThat(run.out()).contains("MALLOC_ARENA_MAX=4")
                .anyMatch(line -> line.startsWith("running") && line.endsWith("gc=Copy,MarkSweepCompact"));
    }

    @Test
    void keepsTheJvmWhenOptedOutOrGivenAHeap() throws Exception {
        for (var run : List.of(javaJar(Map.of(ShippedJvm.OPT_OUT_VARIABLE, "false"), List.of()),
                javaJar(Map.of("JAVA_TOOL_OPTIONS", "-Xmx300m"), List.of()))) {
            assertThat(run.out()).filteredOn(line -> line.startsWith("started")).hasSize(1);
            assertThat(run.out()).anyMatch(line -> line.startsWith("running pid=" + run.pid() + " launched=null") && line.contains("gc=G1"));
            assertThat(run.out()).contains("MALLOC_ARENA_MAX=null");
        }
    }

    @Test
    void saysInOneLineThatTheRestartFailedAndGoesOn() throws Exception {
        var run = javaJar(Map.of(), List.of(), "missing-java");

        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("Platte: could not restart the JVM with its memory settings (")
                .contains("execv /nonexistent/bin/java returned -1, errno 2")
                .endsWith("going on with the JVM's defaults. PLATTE_JVM_DEFAULTS=false skips the restart.");
        assertThat(run.out()).anyMatch(line -> line.startsWith("running pid=" + run.pid() + " launched=null") && line.contains("gc=G1"));
        assertThat(run.exitStatus()).isEqualTo(7);
    }

    /**
     * The jar's extracted copy laid out beforehand (extracting is the Spring Boot jar's own tool, which this small
     * jar does not have): the first start records the ahead-of-time cache as it exits, the next one maps it.
     */
    @Test
    void recordsTheAheadOfTimeCacheOnTheFirstStartAndUsesItOnTheNext() throws Exception {
        var root = directory.resolve("cache").resolve("platte");
        var entry = AotCache.entry(root, new StartedJvm.JarFile(jar.toAbsolutePath().normalize(), Files.size(jar),
                Files.getLastModifiedTime(jar).toMillis()));
        Files.createDirectories(entry);
        Files.copy(jar, entry.resolve(AotCache.APPLICATION_JAR));

        var recording = javaJar(Map.of(), List.of());

        assertThat(recording.err()).contains("records an ahead-of-time cache in " + root);
        assertThat(recording.out()).anyMatch(line -> line.startsWith("running pid=" + recording.pid() + " launched=true")
                && line.contains("gc=Copy"));
        assertThat(recording.out()).anyMatch(line -> line.startsWith("input=") && line.contains("-XX:AOTCacheOutput=" + entry)
                && line.endsWith("|" + ShippedJvm.RECORDING_HEAP_LIMIT + "|-Dplatte.launched=true"));
        assertThat(recording.exitStatus()).isEqualTo(7);
        // The first JVM's descriptors on the jar it ran (not the copy the restart runs) closed with it.
        assertThat(recording.out()).anyMatch(line -> line.startsWith("open=") && line.contains(entry.toString()))
                .noneMatch(line -> line.startsWith("open=") && List.of(line.substring(5).split("\\|")).contains(jar.toString()));
        try (var files = Files.list(entry)) {
            assertThat(files.map(file -> file.getFileName().toString())).anyMatch(name -> name.matches("platte-\\w+\\.aot"));
        }

        var cached = javaJar(Map.of(), List.of());

        assertThat(cached.err()).isEmpty();
        assertThat(cached.out()).anyMatch(line -> line.startsWith("input=") && line.contains("-XX:AOTCache=" + entry))
                .noneMatch(line -> line.startsWith("input=") && line.contains(ShippedJvm.RECORDING_HEAP_LIMIT));
        assertThat(cached.out()).anyMatch(line -> line.startsWith("running pid=" + cached.pid() + " launched=true vm=mixed_mode,_sharing"));
    }

    @Test
    void forgetsACacheTheJvmCouldNotMapSoThatTheNextStartRecordsAgain() throws Exception {
        var root = directory.resolve("torn").resolve("platte");
        var entry = AotCache.entry(root, new StartedJvm.JarFile(jar.toAbsolutePath().normalize(), Files.size(jar),
                Files.getLastModifiedTime(jar).toMillis()));
        Files.createDirectories(entry);
        Files.copy(jar, entry.resolve(AotCache.APPLICATION_JAR));
        var torn = AotCache.cacheFile(entry, Path.of(System.getProperty("java.home")), System.getProperty("java.vm.version"),
                List.of());
        Files.write(torn, new byte[4096]);

        var run = javaJar(Map.of("XDG_CACHE_HOME", directory.resolve("torn").toString()), List.of());

        assertThat(run.out()).anyMatch(line -> line.startsWith("running pid=" + run.pid() + " launched=true vm=mixed_mode gc=Copy"));
        assertThat(torn).doesNotExist();
        assertThat(run.exitStatus()).isEqualTo(7);
    }

    /**
     * spring-boot:run's start: the shipped flags given, classes in a directory. With the pom's cache directory, the
     * first start packs the directory into a jar and records the cache on it, the next one maps it; the flags as given.
     */
    @Test
    void restartsAStartFromClassesOntoPackedClassesAndTheirAheadOfTimeCache() throws Exception {
        var root = directory.resolve("run-cache");
        var classPath = classes + File.pathSeparator + jar;
        var options = List.of("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");
        var start = List.of("-cp", classPath, RestartProbe.class.getName());

        var recording = java(Map.of(AotCache.DIRECTORY_VARIABLE, root.toString()), options, start, "--server.port=9090");

        assertThat(recording.err()).contains("this first start of these classes records an ahead-of-time cache in " + root)
                .doesNotContain("WARNING");
        assertThat(recording.out()).containsSubsequence(
                "started pid=" + recording.pid() + " launched=null vm=mixed_mode,_sharing gc=Copy,MarkSweepCompact",
                "running pid=" + recording.pid() + " launched=true vm=mixed_mode gc=Copy,MarkSweepCompact",
                "arguments=--server.port=9090");
        assertThat(recording.out()).anyMatch(line -> line.startsWith("input=-XX:+UseSerialGC|--enable-native-access=ALL-UNNAMED|-XX:AOTCacheOutput=" + root)
                && line.contains("|" + ShippedJvm.RECORDING_HEAP_LIMIT + "|"));
        assertThat(recording.exitStatus()).isEqualTo(7);
        Path entry;
        try (var entries = Files.list(root)) {
            entry = entries.filter(dir -> Files.isDirectory(dir) && !dir.getFileName().toString().startsWith("."))
                    .findFirst().orElseThrow();
        }
        try (var files = Files.list(entry)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .contains("classes-0.jar").anyMatch(name -> name.matches("platte-\\w+\\.aot"));
        }

        var cached = java(Map.of(AotCache.DIRECTORY_VARIABLE, root.toString()), options, start, "--server.port=9090");

        assertThat(cached.err()).isEmpty();
        assertThat(cached.out()).anyMatch(line -> line.startsWith("input=") && line.contains("-XX:AOTCache=" + entry));
        assertThat(cached.out()).anyMatch(line -> line.startsWith("running pid=" + cached.pid() + " launched=true vm=mixed_mode,_sharing"));

        // A class that changes is a new build: packed and recorded again.
        var probe = classes.resolve(RestartProbe.class.getName().replace('.', '/') + ".class");
        Files.setLastModifiedTime(probe, FileTime.fromMillis(Files.getLastModifiedTime(probe).toMillis() + 1000));

        var rebuilt = java(Map.of(AotCache.DIRECTORY_VARIABLE, root.toString()), options, start);

        assertThat(rebuilt.err()).contains("this first start of these classes records");
        assertThat(rebuilt.out()).noneMatch(line -> line.startsWith("input=") && line.contains(entry.toString()));
    }

    @Test
    void keepsAStartFromClassesAsItIsWhenItsCacheDirectoryCannotBeWritten() throws Exception {
        var aFile = Files.writeString(directory.resolve("not-a-directory"), "");

        var run = java(Map.of(AotCache.DIRECTORY_VARIABLE, aFile.resolve("aot-cache").toString()), List.of("-XX:+UseSerialGC"),
                List.of("-cp", classes.toString(), RestartProbe.class.getName()));

        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("Platte: no ahead-of-time cache in " + aFile.resolve("aot-cache"));
        assertThat(run.out()).filteredOn(line -> line.startsWith("started")).hasSize(1);
        assertThat(run.out()).anyMatch(line -> line.startsWith("running pid=" + run.pid() + " launched=null"));
        assertThat(run.exitStatus()).isEqualTo(7);
    }

    @Test
    void keepsAStartFromClassesAsItIsWithoutACacheDirectory() throws Exception {
        var run = java(Map.of(), List.of("-XX:+UseSerialGC"), List.of("-cp", classes.toString(), RestartProbe.class.getName()));

        assertThat(run.out()).filteredOn(line -> line.startsWith("started")).hasSize(1);
        assertThat(run.out()).anyMatch(line -> line.startsWith("running pid=" + run.pid() + " launched=null"));
        assertThat(run.err()).isEmpty();
    }
}
