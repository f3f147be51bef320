package dev.platte.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Replaces this process with another program, through libc's {@code setenv} and {@code execv} (the Foreign
 * Function and Memory API): the same process id, standard streams, signals and exit status, and no JVM left
 * behind. The environment is passed on as the process has it, byte for byte, plus what is added.
 */
final class ProcessImage {

    // Linux's and macOS's values.
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;

    private ProcessImage() {
    }

    /**
     * Returns only if the exec failed, by throwing. Files this JVM opened itself ({@code jvmsOwn}: its modules, the
     * jar, its random devices) are closed by the exec; whatever else is open was inherited and stays open.
     */
    static void replace(List<String> command, Map<String, String> environmentAdditions, Predicate<Path> jvmsOwn) {
        var linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        closeOnExec(linker, jvmsOwn);
        MethodHandle setenv = linker.downcallHandle(libc.find("setenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle execv = linker.downcallHandle(libc.find("execv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                Linker.Option.captureCallState("errno"));
        var charset = nativeCharset();
        System.out.flush();
        System.err.flush();
        try (var arena = Arena.ofConfined()) {
            for (var variable : environmentAdditions.entrySet()) {
                // overwrite 0: a value set meanwhile stays.
                int set = (int) setenv.invokeExact(arena.allocateFrom(variable.getKey(), charset),
                        arena.allocateFrom(variable.getValue(), charset), 0);
                if (set != 0) {
                    throw new IllegalStateException("setenv " + variable.getKey() + " failed");
                }
            }
            var argv = arena.allocate(ValueLayout.ADDRESS, command.size() + 1L);
            for (int i = 0; i < command.size(); i++) {
                argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(command.get(i), charset));
            }
            argv.setAtIndex(ValueLayout.ADDRESS, command.size(), MemorySegment.NULL);
            var callState = arena.allocate(Linker.Option.captureStateLayout());
            int result = (int) execv.invokeExact(callState, argv.getAtIndex(ValueLayout.ADDRESS, 0), argv);
            var errno = callState.get(ValueLayout.JAVA_INT, Linker.Option.captureStateLayout()
                    .byteOffset(MemoryLayout.PathElement.groupElement("errno")));
            throw new IllegalStateException("execv " + command.getFirst() + " returned " + result + ", errno " + errno);
        } catch (RuntimeException | Error failure) {
            throw failure;
        } catch (Throwable failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** Linux: marks the descriptors in /proc/self/fd that point to the JVM's own files close-on-exec. */
    private static void closeOnExec(Linker linker, Predicate<Path> jvmsOwn) {
        var descriptors = Path.of("/proc/self/fd");
        if (!Files.isDirectory(descriptors)) {
            return;
        }
        MethodHandle fcntl = linker.downcallHandle(linker.defaultLookup().find("fcntl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        List<Path> open;
        try (Stream<Path> list = Files.list(descriptors)) {
            open = list.toList();
        } catch (IOException | UncheckedIOException unreadable) {
            return;
        }
        for (var descriptor : open) {
            try {
                int fd = Integer.parseInt(descriptor.getFileName().toString());
                if (fd > 2 && jvmsOwn.test(Files.readSymbolicLink(descriptor))) {
                    int ignored = (int) fcntl.invokeExact(fd, F_SETFD, FD_CLOEXEC);
                }
            } catch (Throwable closedMeanwhile) {
                // The listing's own descriptor, or one closed since: nothing to keep from the next program.
            }
        }
    }

    /** The files a JVM opens for itself before {@code main}: under its home, its class path's jars and directories, random devices. */
    static boolean isJvmsOwn(Path file, Path javaHome, List<Path> classPath) {
        return file.startsWith(javaHome) || classPath.stream().anyMatch(file::startsWith)
                || file.equals(Path.of("/dev/random")) || file.equals(Path.of("/dev/urandom"));
    }

    /** How the JVM decodes the command line and file names (the same bytes go back to the kernel). */
    static Charset nativeCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding"));
        } catch (RuntimeException unknown) {
            return Charset.defaultCharset();
        }
    }
}
