package dev.platte.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Restart this JVM, in the same process, as {@code java <flags> <the user's options> [<cache options>]
 * -Dplatte.launched=true <start> <arguments>}, with {@code environmentAdditions} added to the environment.
 *
 * @param java                 the executable: {@code bin/java} of the running JDK
 * @param flags                the shipped flags, for {@code java -jar}; none for a start that was given them
 * @param userOptions          the options the user gave {@code java} before the start, as given (the environment's
 *                             {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} apply again by themselves)
 * @param start                what to run: {@code -jar <jar>}, or {@code -cp <class path> <main class>}
 * @param cacheOptions         {@code -XX:AOTCache=…} or {@code -XX:AOTCacheOutput=…}, with a start the cache can serve
 * @param arguments            the application's arguments
 * @param environmentAdditions variables to add to the environment (those it does not have)
 * @param cacheAllowed         whether an ahead-of-time cache may be added (the user gave no AOT or CDS option)
 */
public record Relaunch(
        Path java,
        List<String> flags,
        List<String> userOptions,
        List<String> start,
        List<String> cacheOptions,
        List<String> arguments,
        Map<String, String> environmentAdditions,
        boolean cacheAllowed) implements ShippedJvm.Decision {

    public Relaunch {
        flags = List.copyOf(flags);
        userOptions = List.copyOf(userOptions);
        start = List.copyOf(start);
        cacheOptions = List.copyOf(cacheOptions);
        arguments = List.copyOf(arguments);
        environmentAdditions = Map.copyOf(environmentAdditions);
    }

    /** {@code -jar <jar>}. */
    static List<String> jar(String jar) {
        return List.of("-jar", jar);
    }

    /** {@code -cp <class path> <main class>}. */
    static List<String> classPath(String classPath, String mainClass) {
        return List.of("-cp", classPath, mainClass);
    }

    /** Started with {@code -jar}. */
    public boolean fromJar() {
        return start.getFirst().equals("-jar");
    }

    /** The command line, the executable first. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        command.addAll(userOptions);
        command.addAll(cacheOptions);
        command.add("-D" + ShippedJvm.LAUNCHED_PROPERTY + "=true");
        command.addAll(start);
        command.addAll(arguments);
        return List.copyOf(command);
    }

    /** The same, running what the cache serves (the jar's extracted copy, classes packed into jars) with its options. */
    public Relaunch withCache(List<String> cachedStart, List<String> options) {
        return new Relaunch(java, flags, userOptions, cachedStart, options, arguments, environmentAdditions, cacheAllowed);
    }
}
