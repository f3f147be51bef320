package dev.platte.bench;

import dev.platte.omaha.protocol.AppResponse;
import dev.platte.omaha.protocol.AppStatus;
import dev.platte.omaha.protocol.OmahaCodec;
import dev.platte.omaha.protocol.OmahaResponse;
import dev.platte.omaha.protocol.UpdateCheckResponse;
import dev.platte.support.OmahaRequests;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What decoding update_engine's periodic check and encoding its {@code noupdate} answer cost, per request:
 * CPU time and bytes allocated by this thread. Both hold on a busy machine, unlike a request rate. Run after
 * a warm-up long enough for the JIT:
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.platte.bench.CodecCost
 * </pre>
 */
public final class CodecCost {

    private CodecCost() {}

    public static void main(String[] args) throws Exception {
        var rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        var iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        var codec = new OmahaCodec();
        var body = OmahaRequests.flatcarNode("{e96281a6-d1af-4bde-9a0a-97b76e56dc57}",
                "0000000000000000000000000000abcd", "stable").check("3815.2.0", "").getBytes(StandardCharsets.UTF_8);
        var answer = new OmahaResponse("platte", 4711, List.of(new AppResponse("{e96281a6-d1af-4bde-9a0a-97b76e56dc57}",
                AppStatus.OK, true, UpdateCheckResponse.noUpdate(), 1)));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var sink = 0L;
        for (var round = 0; round <= rounds; round++) {
            var cpu = threads.getCurrentThreadCpuTime();
            var allocated = threads.getCurrentThreadAllocatedBytes();
            for (var i = 0; i < iterations; i++) {
                sink += codec.decode(body).apps().size();
            }
            var decodeCpu = threads.getCurrentThreadCpuTime() - cpu;
            var decodeBytes = threads.getCurrentThreadAllocatedBytes() - allocated;
            cpu = threads.getCurrentThreadCpuTime();
            allocated = threads.getCurrentThreadAllocatedBytes();
            for (var i = 0; i < iterations; i++) {
                sink += codec.encode(answer).length;
            }
            var encodeCpu = threads.getCurrentThreadCpuTime() - cpu;
            var encodeBytes = threads.getCurrentThreadAllocatedBytes() - allocated;
            System.out.printf("%s: decode %,.0f ns and %,d bytes per request; encode %,.0f ns and %,d bytes%n",
                    round == 0 ? "warm-up" : "round " + round, (double) decodeCpu / iterations, decodeBytes / iterations,
                    (double) encodeCpu / iterations, encodeBytes / iterations);
        }
        System.out.println(sink == 42 ? "" : "(" + body.length + "-byte request)");
    }
}
