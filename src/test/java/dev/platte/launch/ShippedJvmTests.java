package dev.platte.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShippedJvmTests {

    private static final List<String> ARGUMENTS = List.of("--server.port=9090", "two words", "-jar");

    /** java [options] -jar target/platte.jar ARGUMENTS, options also being the JVM's input arguments. */
    private static StartedJvm startedWith(List<String> options) {
        return startedWith(options, options, Map.of());
    }

    private static StartedJvm startedWith(List<String> commandLineOptions, List<String> inputArguments,
            Map<String, String> environment) {
        List<String> commandLine = new ArrayList<>(commandLineOptions);
        commandLine.add("-jar");
        commandLine.add("target/platte.jar");
        commandLine.addAll(ARGUMENTS);
        return new StartedJvm(Path.of("/opt/jdk"), "Linux", inputArguments, commandLine, "target/platte.jar",
                Optional.of(new StartedJvm.JarFile(Path.of("/srv/target/platte.jar"), 1000, 2000)), ARGUMENTS,
                environment, false);
    }

    private static StartedJvm withOs(StartedJvm jvm, String os) {
        return new StartedJvm(jvm.javaHome(), os, jvm.inputArguments(), jvm.commandLine(), jvm.classPath(), jvm.jar(),
                jvm.applicationArguments(), jvm.environment(), jvm.launched());
    }

    @Test
    void restartsAJarStartedWithoutOptionsWithTheShippedFlagsAndMallocArenas() {
        var decision = ShippedJvm.decide(startedWith(List.of()));

        assertThat(decision).isInstanceOfSatisfying(Relaunch.class, relaunch -> {
            assertThat(relaunch.command()).containsExactly("/opt/jdk/bin/java", "-XX:+UseSerialGC",
                    "-XX:+UseCompactObjectHeaders", "-XX:MaxRAMPercentage=50", "-XX:ErgoHeapSizeLimit=176m",
                    "-Dplatte.launched=true",
                    "-jar", "target/platte.jar", "--server.port=9090", "two words", "-jar");
            assertThat(relaunch.environmentAdditions()).containsExactly(Map.entry("MALLOC_ARENA_MAX", "2"));
            assertThat(relaunch.cacheAllowed()).isTrue();
        });
    }

    @Test
    void passesTheUsersOptionsOnAsGivenAfterTheShippedFlags() {
        var options = List.of("-Dlogging.level.root=warn", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xss512k",
                "@more-options");

        var decision = ShippedJvm.decide(startedWith(options,
                List.of("-Dlogging.level.root=warn", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xss512k"), Map.of()));

        assertThat(decision).isInstanceOfSatisfying(Relaunch.class, relaunch -> assertThat(relaunch.command())
                .containsExactly("/opt/jdk/bin/java", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders",
                        "-XX:MaxRAMPercentage=50", "-XX:ErgoHeapSizeLimit=176m", "-Dlogging.level.root=warn", "--add-opens",
                        "java.base/java.lang=ALL-UNNAMED", "-Xss512k", "@more-options", "-Dplatte.launched=true",
                        "-jar", "target/platte.jar", "--server.port=9090", "two words", "-jar"));
    }

    @Test
    void leavesTheEnvironmentsJavaOptionsToTheEnvironmentInsteadOfRepeatingThem() {
        // JAVA_TOOL_OPTIONS=-Dfrom.environment=1: an input argument, not on the command line; the new JVM reads it again.
        var decision = ShippedJvm.decide(startedWith(List.of("-Dgiven=1"), List.of("-Dfrom.environment=1", "-Dgiven=1"),
                Map.of("JAVA_TOOL_OPTIONS", "-Dfrom.environment=1")));

        assertThat(decision).isInstanceOfSatisfying(Relaunch.class, relaunch -> assertThat(relaunch.command())
                .contains("-Dgiven=1").doesNotContain("-Dfrom.environment=1"));
    }

    @Test
    void keepsAMallocArenaCountTheUserSet() {
        assertThat(ShippedJvm.decide(startedWith(List.of(), List.of(), Map.of("MALLOC_ARENA_MAX", "4"))))
                .isInstanceOfSatisfying(Relaunch.class, relaunch -> assertThat(relaunch.environmentAdditions()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-Xmx1g", "-Xms512m", "-Xmn64m", "-XX:MaxHeapSize=1g", "-XX:InitialHeapSize=64m",
            "-XX:MaxRAMPercentage=75", "-XX:InitialRAMPercentage=10", "-XX:MaxRAM=2g", "-XX:ErgoHeapSizeLimit=1g",
            "-XX:SoftMaxHeapSize=300m", "-XX:+UseG1GC", "-XX:+UseZGC", "-XX:+UseParallelGC", "-XX:+UseSerialGC",
            "-XX:-UseSerialGC", "-XX:+UseShenandoahGC", "-XX:Flags=.hotspotrc", "-XX:VMOptionsFile=jvm.options"})
    void keepsTheJvmWhenTheUserChoseTheHeapOrCollector(String option) {
        assertThat(ShippedJvm.decide(startedWith(List.of(option))))
                .isEqualTo(new ShippedJvm.Stay("memory or collector option given: " + option));
    }

    @Test
    void keepsTheJvmWhenTheEnvironmentChoseTheHeap() {
        // JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS: only among the input arguments.
        assertThat(ShippedJvm.decide(startedWith(List.of(), List.of("-Xmx2g"), Map.of("JDK_JAVA_OPTIONS", "-Xmx2g"))))
                .isInstanceOf(ShippedJvm.Stay.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-Xss256k", "-XX:+HeapDumpOnOutOfMemoryError", "-XX:MaxDirectMemorySize=64m",
            "-XX:+UseCompressedOops", "-Dspring.profiles.active=prod", "-verbose:gc", "-Xlog:gc"})
    void restartsDespiteOptionsThatDoNotChooseTheHeapOrCollector(String option) {
        assertThat(ShippedJvm.decide(startedWith(List.of(option)))).isInstanceOf(Relaunch.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=5005", "-javaagent:otel.jar",
            "-agentpath:/opt/profiler/libasyncProfiler.so", "-Xdebug", "-Xrunjdwp:transport=dt_socket"})
    void keepsTheJvmADebuggerOrAgentIsAttachedTo(String option) {
        assertThat(ShippedJvm.decide(startedWith(List.of(option)))).isInstanceOf(ShippedJvm.Stay.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", " false "})
    void keepsTheJvmWhenTheUserOptsOut(String value) {
        assertThat(ShippedJvm.decide(startedWith(List.of(), List.of(), Map.of("PLATTE_JVM_DEFAULTS", value))))
                .isEqualTo(new ShippedJvm.Stay("PLATTE_JVM_DEFAULTS=false"));
    }

    @Test
    void restartsWhenTheOptOutVariableSaysAnythingElse() {
        assertThat(ShippedJvm.decide(startedWith(List.of(), List.of(), Map.of("PLATTE_JVM_DEFAULTS", "true"))))
                .isInstanceOf(Relaunch.class);
    }

    @Test
    void restartsOnMacOsButNotOnWindows() {
        assertThat(ShippedJvm.decide(withOs(startedWith(List.of()), "Mac OS X"))).isInstanceOf(Relaunch.class);
        assertThat(ShippedJvm.decide(withOs(startedWith(List.of()), "Windows 11")))
                .isEqualTo(new ShippedJvm.Stay("not Linux or macOS: Windows 11"));
    }

    @Test
    void neverRestartsTheRestartedJvm() {
        var restart = (Relaunch) ShippedJvm.decide(startedWith(List.of("-Dgiven=1")));
        var command = restart.command();
        var options = command.subList(1, command.indexOf("-jar"));
        var restarted = new StartedJvm(Path.of("/opt/jdk"), "Linux", options, command.subList(1, command.size()),
                "target/platte.jar", Optional.of(new StartedJvm.JarFile(Path.of("/srv/target/platte.jar"), 1000, 2000)),
                ARGUMENTS, Map.of("MALLOC_ARENA_MAX", "2"), true);

        assertThat(ShippedJvm.decide(restarted)).isEqualTo(new ShippedJvm.Stay("already restarted (-Dplatte.launched)"));
        // and even without the property, its flags are memory options of its own
        assertThat(ShippedJvm.decide(new StartedJvm(restarted.javaHome(), "Linux", options, restarted.commandLine(),
                restarted.classPath(), restarted.jar(), ARGUMENTS, Map.of(), false)))
                .isEqualTo(new ShippedJvm.Stay("memory or collector option given: -XX:+UseSerialGC"));
    }

    @Test
    void keepsAJvmStartedFromClassesOrWithTheMainClassNamed() {
        var fromClasses = new StartedJvm(Path.of("/opt/jdk"), "Linux", List.of(),
                List.of("-cp", "target/classes:lib/a.jar", "dev.platte.PlatteApplication", "--debug"),
                "target/classes:lib/a.jar", Optional.empty(), List.of("--debug"), Map.of(), false);
        var mainClassNamed = new StartedJvm(Path.of("/opt/jdk"), "Linux", List.of(),
                List.of("-cp", "platte.jar", "org.springframework.boot.loader.launch.JarLauncher", "--debug"),
                "platte.jar", Optional.of(new StartedJvm.JarFile(Path.of("/srv/platte.jar"), 1, 2)), List.of("--debug"),
                Map.of(), false);
        var commandLineUnknown = new StartedJvm(Path.of("/opt/jdk"), "Linux", List.of(), List.of(), "platte.jar",
                Optional.of(new StartedJvm.JarFile(Path.of("/srv/platte.jar"), 1, 2)), List.of(), Map.of(), false);

        for (var jvm : List.of(fromClasses, mainClassNamed, commandLineUnknown)) {
            assertThat(ShippedJvm.decide(jvm)).isEqualTo(new ShippedJvm.Stay("not started as java -jar <jar file>"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:AOTCache=app.aot", "-XX:AOTCacheOutput=app.aot", "-XX:AOTMode=off",
            "-XX:SharedArchiveFile=app.jsa", "-XX:+AutoCreateSharedArchive", "-Xshare:off"})
    void addsNoCacheWhenTheUserGaveTheirOwn(String option) {
        assertThat(ShippedJvm.decide(startedWith(List.of(option)))).isInstanceOfSatisfying(Relaunch.class,
                relaunch -> assertThat(relaunch.cacheAllowed()).isFalse());
    }

    /** spring-boot:run: java [the pom's flags] -cp target/classes:lib/a.jar dev.platte.PlatteApplication ARGUMENTS. */
    private static StartedJvm startedFromClasses(List<String> options, Map<String, String> environment) {
        List<String> commandLine = new ArrayList<>(options);
        commandLine.addAll(List.of("-cp", "target/classes:lib/a.jar", "dev.platte.PlatteApplication"));
        commandLine.addAll(ARGUMENTS);
        return new StartedJvm(Path.of("/opt/jdk"), "Linux", options, commandLine, "target/classes:lib/a.jar",
                Optional.empty(), ARGUMENTS, environment, false);
    }

    @Test
    void restartsAStartFromClassesOnlyForTheCacheWithItsOwnFlagsWhenACacheDirectoryIsNamed() {
        var options = List.of("-XX:+UseSerialGC", "-Xmx100m", "--enable-native-access=ALL-UNNAMED");

        var decision = ShippedJvm.decide(startedFromClasses(options, Map.of("PLATTE_AOT_CACHE_DIR", "/src/target/aot-cache")));

        assertThat(decision).isInstanceOfSatisfying(Relaunch.class, relaunch -> {
            assertThat(relaunch.command()).containsExactly("/opt/jdk/bin/java", "-XX:+UseSerialGC", "-Xmx100m",
                    "--enable-native-access=ALL-UNNAMED", "-Dplatte.launched=true",
                    "-cp", "target/classes:lib/a.jar", "dev.platte.PlatteApplication", "--server.port=9090", "two words", "-jar");
            assertThat(relaunch.fromJar()).isFalse();
            assertThat(relaunch.cacheAllowed()).isTrue();
        });
        for (var without : List.of(Map.<String, String>of(), Map.of("PLATTE_AOT_CACHE_DIR", " "))) {
            assertThat(ShippedJvm.decide(startedFromClasses(options, without)))
                    .isEqualTo(new ShippedJvm.Stay("not started as java -jar <jar file>"));
        }
    }

    @Test
    void keepsAStartFromClassesThatWantsNoCacheOrIsDebugged() {
        var cacheDirectory = Map.of("PLATTE_AOT_CACHE_DIR", "/src/target/aot-cache");
        var optedOut = Map.of("PLATTE_AOT_CACHE_DIR", "/src/target/aot-cache", "PLATTE_AOT_CACHE", "false");

        assertThat(ShippedJvm.decide(startedFromClasses(List.of(), optedOut)))
                .isEqualTo(new ShippedJvm.Stay("started from a class path, and no ahead-of-time cache wanted"));
        assertThat(ShippedJvm.decide(startedFromClasses(List.of("-XX:AOTCache=mine.aot"), cacheDirectory)))
                .isEqualTo(new ShippedJvm.Stay("started from a class path, and no ahead-of-time cache wanted"));
        assertThat(ShippedJvm.decide(startedFromClasses(List.of("-agentlib:jdwp=transport=dt_socket"), cacheDirectory)))
                .isInstanceOf(ShippedJvm.Stay.class);
    }

    @Test
    void givesARecordingJvmASmallerHeapWhenTheHeapIsTheShippedOne() {
        // java -jar: the first JVM had no memory option (or it would not restart); spring-boot:run: the pom's flags.
        assertThat(ShippedJvm.recordingOptions(List.of())).containsExactly("-XX:ErgoHeapSizeLimit=160m");
        assertThat(ShippedJvm.recordingOptions(List.of("-Dfile.encoding=UTF-8", "-Xlog:gc")))
                .containsExactly(ShippedJvm.RECORDING_HEAP_LIMIT);
        var pomFlags = new ArrayList<>(ShippedJvm.FLAGS);
        pomFlags.add("--enable-native-access=ALL-UNNAMED");
        assertThat(ShippedJvm.recordingOptions(pomFlags)).containsExactly(ShippedJvm.RECORDING_HEAP_LIMIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:ErgoHeapSizeLimit=512m", "-Xmx1g", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC"})
    void leavesTheHeapOfARecordingJvmToAUserWhoChoseIt(String option) {
        var options = new ArrayList<>(ShippedJvm.FLAGS);
        options.add(option);

        assertThat(ShippedJvm.recordingOptions(options)).isEmpty();
    }
}
