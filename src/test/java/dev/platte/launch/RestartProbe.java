package dev.platte.launch;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The main class of the jar {@link JvmRestartTests} starts with {@code java -jar}: restarts as Platte's main does,
 * and prints what each JVM in the process saw. Exits with 7, to see that the exit status is the restarted JVM's.
 */
public final class RestartProbe {

    private RestartProbe() {
    }

    public static void main(String[] args) {
        report("started");
        if (args.length > 0 && args[0].equals("missing-java")) {
            JvmRestart.apply(new Relaunch(Path.of("/nonexistent/bin/java"), List.of(), List.of(), Relaunch.jar("probe.jar"),
                    List.of(), List.of(), Map.of(), false), file -> false);
        } else {
            JvmRestart.ifNeeded(args);
        }
        report("running");
        System.out.println("arguments=" + String.join("|", args));
        System.out.println("MALLOC_ARENA_MAX=" + System.getenv("MALLOC_ARENA_MAX"));
        System.out.println("input=" + String.join("|", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("open=" + openFiles());
        System.exit(7);
    }

    /** The files this process has open (Linux), sorted, repeated as often as they are open. */
    private static String openFiles() {
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.map(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).toString();
                } catch (IOException gone) {
                    return "";
                }
            }).sorted().collect(Collectors.joining("|"));
        } catch (IOException notLinux) {
            return "";
        }
    }

    private static void report(String stage) {
        System.out.println(stage + " pid=" + ProcessHandle.current().pid()
                + " launched=" + System.getProperty(ShippedJvm.LAUNCHED_PROPERTY)
                + " vm=" + System.getProperty("java.vm.info").replace(' ', '_')
                + " gc=" + ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(",")));
    }
}
