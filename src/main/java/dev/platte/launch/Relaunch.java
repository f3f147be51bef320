package dev.platte.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Restart this JVM, in the same process, as {@code java <shipped flags> <the user's options> [<cache option>]
 * -Dplatte.launched=true -jar <jar> <arguments>}, with {@code environmentAdditions} added to the environment.
 *
 * @param java                 the executable: {@code bin/java} of the running JDK
 * @param userOptions          the options the user gave {@code java} before {@code -jar}, as given (the environment's
 *                             {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} apply again by themselves)
 * @param jar                  the jar to run: the one started, or its extracted copy
 * @param cacheOptions         {@code -XX:AOTCache=…} or {@code -XX:AOTCacheOutput=…}, with an extracted jar
 * @param arguments            the application's arguments
 * @param environmentAdditions variables to add to the environment (those it does not have)
 * @param cacheAllowed         whether an ahead-of-time cache may be added (the user gave no AOT or CDS option)
 */
public record Relaunch(
        Path java,
        List<String> userOptions,
        String jar,
        List<String> cacheOptions,
        List<String> arguments,
        Map<String, String> environmentAdditions,
        boolean cacheAllowed) implements ShippedJvm.Decision {

    public Relaunch {
        userOptions = List.copyOf(userOptions);
        cacheOptions = List.copyOf(cacheOptions);
        arguments = List.copyOf(arguments);
        environmentAdditions = Map.copyOf(environmentAdditions);
    }

    /** The command line, the executable first. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(ShippedJvm.FLAGS);
        command.addAll(userOptions);
        command.addAll(cacheOptions);
        command.add("-D" + ShippedJvm.LAUNCHED_PROPERTY + "=true");
        command.add("-jar");
        command.add(jar);
        command.addAll(arguments);
        return List.copyOf(command);
    }

    /** The same, running the extracted copy of the jar with ahead-of-time cache options. */
    public Relaunch withCache(Path extractedJar, List<String> options) {
        return new Relaunch(java, userOptions, extractedJar.toString(), options, arguments,
                environmentAdditions, cacheAllowed);
    }
}
