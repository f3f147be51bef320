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
 * process with them, unless the user chose their own. {@link #decide} is the whole rule, a pure function.
 */
public final class ShippedJvm {

    /** The serial collector, compact object headers and a heap of half the memory, at most 176 MB: what the pom, the Dockerfile and the chart set (ShippedFlagsTests). */
    public static final List<String> FLAGS =
            List.of("-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-XX:MaxRAMPercentage=50", "-XX:ErgoHeapSizeLimit=176m");
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
        var userOptions = optionsBeforeJar(jvm);
        if (userOptions.isEmpty()) {
            return new Stay("not started as java -jar <jar file>");
        }
        var memory = first(jvm.inputArguments(), MEMORY_OPTION);
        if (memory.isPresent()) {
            return new Stay("memory or collector option given: " + memory.get());
        }
        var agent = first(jvm.inputArguments(), AGENT_OPTION);
        if (agent.isPresent()) {
            return new Stay("a debugger or agent is attached: " + agent.get());
        }
        return new Relaunch(jvm.javaHome().resolve("bin").resolve("java"), userOptions.get(), jvm.classPath(),
                List.of(), jvm.applicationArguments(), environmentAdditions(jvm.environment()),
                first(jvm.inputArguments(), CACHE_OPTION).isEmpty() && !isFalse(jvm.environment(), AotCache.OPT_OUT_VARIABLE));
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

    private static Optional<String> first(List<String> options, Pattern pattern) {
        return options.stream().filter(option -> pattern.matcher(option).matches()).findFirst();
    }
}
