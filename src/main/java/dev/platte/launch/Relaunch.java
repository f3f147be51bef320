package dev.platte.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restart this JVM, in the same process, as {@code java <shipped flags> <the user's options> [<cache option>]
 * -Dplatte.launched=true -jar <jar> <arguments>}, with {@code environmentAdditions} added to the environment.
 *
 * @param java                 the executable: {@code bin/java} of the running JDK
 * @param userOptions          the options the user gave {@code java} before {@code -jar}, as given (the environment's
 *                             {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} apply again by themselves)
 * @param jar                  the jar to run: the one started, or its extracted copy
 * @param cacheOption          {@code -XX:AOTCache=…} or {@code -XX:AOTCacheOutput=…}, with an extracted jar
 * @param arguments            the application's arguments
 * @param environmentAdditions variables to set unless already set
 * @param cacheAllowed         whether an ahead-of-time cache may be added (the user gave no AOT or CDS option)
 */
public record Relaunch(
        Path java,
        List<String> userOptions,
        String jar,
        Optional<String> cacheOption,
        List<String> arguments,
        Map<String, String> environmentAdditions,
        boolean cacheAllowed) implements ShippedJvm.Decision {

    public Relaunch {
        userOptions = List.copyOf(userOptions);
        arguments = List.copyOf(arguments);
        environmentAdditions = Map.copyOf(environmentAdditions);
    }

    /** The command line, the executable first. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(ShippedJvm.FLAGS);
        command.addAll(userOptions);
        cacheOption.ifPresent(command::add);
        command.add("-D" + ShippedJvm.LAUNCHED_PROPERTY + "=true");
        command.add("-jar");
        command.add(jar);
        command.addAll(arguments);
        return List.copyOf(command);
    }

    /** The same, running the extracted copy of the jar with an ahead-of-time cache option. */
    public Relaunch withCache(Path extractedJar, String option) {
        return new Relaunch(java, userOptions, extractedJar.toString(), Optional.of(option), arguments,
                environmentAdditions, cacheAllowed);
    }
}
