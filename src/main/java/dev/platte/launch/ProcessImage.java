package dev.platte.launch;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * Replaces this process with another program, through libc's {@code setenv} and {@code execv} (the Foreign
 * Function and Memory API): the same process id, standard streams, signals and exit status, and no JVM left
 * behind. The environment is passed on as the process has it, byte for byte, plus what is added.
 */
final class ProcessImage {

    private ProcessImage() {
    }

    /** Returns only if the exec failed, by throwing. */
    static void replace(List<String> command, Map<String, String> environmentAdditions) {
        var linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
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

    /** How the JVM decodes the command line and file names (the same bytes go back to the kernel). */
    static Charset nativeCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding"));
        } catch (RuntimeException unknown) {
            return Charset.defaultCharset();
        }
    }
}
