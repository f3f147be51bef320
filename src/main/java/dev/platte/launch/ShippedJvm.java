package dev.platte.launch;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Gives {@code java -jar platte.jar} the JVM settings that {@code ./mvnw spring-boot:run} and the image ship with
 * (issue 16: at most 512 MB resident under load). A jar cannot carry JVM flags, and the heap's limit and the
 * collector are fixed before any code runs, so the first thing {@code main} does is to restart the JVM in the same
 * process with them, unless the user chose their own. A start from a class path ({@code ./mvnw spring-boot:run},
 * which passes the flags itself) is restarted only for an ahead-of-time cache, when {@link AotCache#DIRECTORY_VARIABLE}
 * names where to keep it, as the pom does. {@link #decide} is the whole rule, a pure function.
 */
public final class ShippedJvm {

    /** The serial collector, compact object headers and a heap of half the memory, at most 176 MB: what the pom, the Dockerfile and the chart set (ShippedFlagsTests). */
    public static final List<String> FLAGS =
            List.of("-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-XX:MaxRAMPercentage=50", "-XX:ErgoHeapSizeLimit=176m");
    /**
     * The heap's limit while the JVM records the ahead-of-time cache: recording keeps what it learns of the classes
     * and methods in native memory until the JVM stops, about 14 MB more resident memory under load (517 against
     * 504 MB in the fleet benchmark at a million), so the heap of that one start yields as much.
     */
    public static final String RECORDING_HEAP_LIMIT = "-XX:ErgoHeapSizeLimit=160m";
    /** Two glibc malloc arenas instead of eight per core. */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    /** Set on the restarted JVM: it does not restart again. */
    public static final String LAUNCHED_PROPERTY = "platte.launched";
    /** {@code PLATTE_JVM_DEFAULTS=false} keeps the JVM as started. */
    public static final String OPT_OUT_VARIABLE = "PLATTE_JVM_DEFAULTS";

    /** Heap size and collector options: the user's own memory settings. {@code -XX:Flags} and option files hide theirs. */
    private static final Pattern MEMORY_OPTION = Pattern.compile(
            "-Xm[xsn].*|-XX:(Max|Min|Initial)HeapSize=.*|-XX:\\w*RAM(Percentage|Fraction)?=.*|-XX:ErgoHeapSizeLimit=.*"
                    + "|-XX:SoftMaxHeapSize=.*|-XX:[+-]Use\\w*GC|-XX:(Flags|VMOptionsFile)=.*");
    /** A debugger or agent would run twice, and a waiting debugger would lose its JVM. */
    private static final Pattern AGENT_OPTION = Pattern.compile("-(agentlib|agentpath|javaagent):.*|-Xdebug|-Xrun.*");
    /** The user's own ahead-of-time cache or CDS archive: Platte adds none. */
    private static final Pattern CACHE_OPTION =
            Pattern.compile("-XX:[+-]?(AOT\\w*|SharedArchiveFile|AutoCreateSharedArchive|ArchiveClassesAtExit)(=.*)?|-Xshare:.*");

    private static final List<String> CLASS_PATH_OPTIONS = List.of("-cp", "-classpath", "--class-path");

    private ShippedJvm() {
    }

    /** Restart as {@link Relaunch} says, or {@link Stay} with the reason. */
    public sealed interface Decision permits Relaunch, Stay {
    }

    /** Keep this JVM as it is. */
    public record Stay(String reason) implements Decision {
    }

    public static Decision decide(StartedJvm jvm) {
        if (jvm.launched()) {
            return new Stay("already restarted (-D" + LAUNCHED_PROPERTY + ")");
        }
        if (isFalse(jvm.environment(), OPT_OUT_VARIABLE)) {
            return new Stay(OPT_OUT_VARIABLE + "=false");
        }
        var os = jvm.osName().toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux") && !os.startsWith("mac")) {
            return new Stay("not Linux or macOS: " + jvm.osName());
        }
        var agent = first(jvm.inputArguments(), AGENT_OPTION);
        if (agent.isPresent()) {
            return new Stay("a debugger or agent is attached: " + agent.get());
        }
        var java = jvm.javaHome().resolve("bin").resolve("java");
        var cacheAllowed = first(jvm.inputArguments(), CACHE_OPTION).isEmpty()
                && !isFalse(jvm.environment(), AotCache.OPT_OUT_VARIABLE);
        var jarOptions = optionsBeforeJar(jvm);
        if (jarOptions.isPresent()) {
            var memory = first(jvm.inputArguments(), MEMORY_OPTION);
            if (memory.isPresent()) {
                return new Stay("memory or collector option given: " + memory.get());
            }
            return new Relaunch(java, FLAGS, jarOptions.get(), Relaunch.jar(jvm.classPath()), List.of(),
                    jvm.applicationArguments(), environmentAdditions(jvm.environment()), cacheAllowed);
        }
        var classPathStart = startFromClassPath(jvm);
        if (classPathStart.isPresent() && !jvm.environment().getOrDefault(AotCache.DIRECTORY_VARIABLE, "").isBlank()) {
            // spring-boot:run: the pom gave the flags; the restart only adds the cache, which needs the classes in jars.
            if (!cacheAllowed) {
                return new Stay("started from a class path, and no ahead-of-time cache wanted");
            }
            return new Relaunch(java, List.of(), classPathStart.get().options(),
                    Relaunch.classPath(jvm.classPath(), classPathStart.get().mainClass()), List.of(),
                    jvm.applicationArguments(), environmentAdditions(jvm.environment()), true);
        }
        return new Stay("not started as java -jar <jar file>");
    }

    /**
     * What a JVM that records the ahead-of-time cache adds to its options: {@link #RECORDING_HEAP_LIMIT}, unless the
     * user chose the heap (a memory option other than the shipped flags, which spring-boot:run passes as given).
     */
    static List<String> recordingOptions(List<String> inputArguments) {
        var shippedHeap = inputArguments.stream()
                .filter(option -> MEMORY_OPTION.matcher(option).matches())
                .allMatch(FLAGS::contains);
        return shippedHeap ? List.of(RECORDING_HEAP_LIMIT) : List.of();
    }

    /** The shipped variables the user did not set. */
    private static Map<String, String> environmentAdditions(Map<String, String> environment) {
        return ENVIRONMENT.entrySet().stream().filter(variable -> !environment.containsKey(variable.getKey()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static boolean isFalse(Map<String, String> environment, String variable) {
        return "false".equals(environment.getOrDefault(variable, "").trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The options before {@code -jar}, when the command line ends in {@code -jar <the class path> <main's arguments>}
     * and the class path is a jar file: started as {@code java [options] -jar platte.jar [arguments]}, not from
     * classes (tests, an IDE, spring-boot:run) nor with the jar's main class named on a class path.
     */
    private static Optional<List<String>> optionsBeforeJar(StartedJvm jvm) {
        var line = jvm.commandLine();
        var arguments = jvm.applicationArguments();
        int jarAt = line.size() - arguments.size() - 1;
        if (jvm.jar().isEmpty() || jarAt < 1
                || !line.subList(jarAt + 1, line.size()).equals(arguments)
                || !line.get(jarAt).equals(jvm.classPath())
                || !line.get(jarAt - 1).equals("-jar")) {
            return Optional.empty();
        }
        return Optional.of(line.subList(0, jarAt - 1));
    }

    private record ClassPathStart(List<String> options, String mainClass) {
    }

    /**
     * The options before the class path, and the main class, when the command line ends in {@code -cp <the class
     * path> <main class> <main's arguments>}: how spring-boot:run starts Platte, from {@code target/classes}.
     */
    private static Optional<ClassPathStart> startFromClassPath(StartedJvm jvm) {
        var line = jvm.commandLine();
        var arguments = jvm.applicationArguments();
        int mainAt = line.size() - arguments.size() - 1;
        if (jvm.classPath().isEmpty() || mainAt < 2
                || !line.subList(mainAt + 1, line.size()).equals(arguments)
                || line.get(mainAt).startsWith("-")
                || !line.get(mainAt - 1).equals(jvm.classPath())
                || !CLASS_PATH_OPTIONS.contains(line.get(mainAt - 2))) {
            return Optional.empty();
        }
        return Optional.of(new ClassPathStart(line.subList(0, mainAt - 2), line.get(mainAt)));
    }

    private static Optional<String> first(List<String> options, Pattern pattern) {
        return options.stream().filter(option -> pattern.matcher(option).matches()).findFirst();
    }
}
