package dev.platte.launch;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How this JVM was started, as far as choosing to restart it goes: read once from the running JVM by
 * {@link #current(String[])}, so that the decision ({@link ShippedJvm#decide}) stays a pure function of it.
 *
 * @param javaHome              {@code java.home}
 * @param osName                {@code os.name}
 * @param inputArguments        the JVM's options as it took them: the command line's, and those from
 *                              {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} and {@code _JAVA_OPTIONS}
 * @param commandLine           the process's arguments after the executable, as the launcher got them (without the
 *                              environment's options); empty when the platform does not tell
 * @param classPath             {@code java.class.path}: the jar itself when started with {@code java -jar}
 * @param jar                   the class path as a jar file, when it is one
 * @param applicationArguments  {@code main}'s arguments
 * @param environment           the process's environment
 * @param launched              whether {@code -Dplatte.launched} is set: this JVM is already a restart
 */
public record StartedJvm(
        Path javaHome,
        String osName,
        List<String> inputArguments,
        List<String> commandLine,
        String classPath,
        Optional<JarFile> jar,
        List<String> applicationArguments,
        Map<String, String> environment,
        boolean launched) {

    /** The application jar, with what identifies its content cheaply. */
    public record JarFile(Path path, long size, long modifiedMillis) {
    }

    public StartedJvm {
        inputArguments = List.copyOf(inputArguments);
        commandLine = List.copyOf(commandLine);
        applicationArguments = List.copyOf(applicationArguments);
        environment = Map.copyOf(environment);
    }

    /** The class path's elements as absolute paths (an empty element names none). */
    public List<Path> classPathEntries() {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(element -> !element.isEmpty())
                .map(element -> Path.of(element).toAbsolutePath().normalize())
                .toList();
    }

    /** This JVM. Reading it does not fail: what cannot be read is left empty, which keeps the JVM as it is. */
    public static StartedJvm current(String[] args) {
        var classPath = System.getProperty("java.class.path", "");
        return new StartedJvm(
                Path.of(System.getProperty("java.home")),
                System.getProperty("os.name", ""),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                commandLineAfterExecutable(),
                classPath,
                jarFile(classPath),
                Arrays.asList(args),
                System.getenv(),
                System.getProperty(ShippedJvm.LAUNCHED_PROPERTY) != null);
    }

    private static List<String> commandLineAfterExecutable() {
        List<String> arguments = new ArrayList<>();
        var procCmdline = Path.of("/proc/self/cmdline");
        try {
            if (Files.isReadable(procCmdline)) {
                // Linux: argv exactly, NUL-terminated strings (ProcessHandle's copy may be cut short).
                var bytes = Files.readAllBytes(procCmdline);
                var raw = new String(bytes, ProcessImage.nativeCharset());
                if (!Arrays.equals(raw.getBytes(ProcessImage.nativeCharset()), bytes)) {
                    return List.of(); // not decodable as the JVM decodes it: could not be passed on unchanged
                }
                arguments.addAll(Arrays.asList(raw.split("\0", -1)));
                if (!arguments.isEmpty() && arguments.getLast().isEmpty()) {
                    arguments.removeLast();
                }
                return arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
            }
        } catch (Exception unreadable) {
            return List.of();
        }
        return ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    }

    private static Optional<JarFile> jarFile(String classPath) {
        try {
            if (classPath.isEmpty() || classPath.contains(File.pathSeparator)) {
                return Optional.empty();
            }
            var path = Path.of(classPath).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                return Optional.empty();
            }
            return Optional.of(new JarFile(path, Files.size(path), Files.getLastModifiedTime(path).toMillis()));
        } catch (Exception unreadable) {
            return Optional.empty();
        }
    }
}
