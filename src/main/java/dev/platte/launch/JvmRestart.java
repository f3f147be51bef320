package dev.platte.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Restarts this JVM with Platte's shipped settings when {@link ShippedJvm#decide} says so, running the jar's
 * extracted copy (or the class path's directories packed into jars) with an ahead-of-time cache ({@link AotCache})
 * where it can. Runs before Spring: plain Java, and
 * nothing it does stops Platte from starting; what fails is said in one line.
 */
public final class JvmRestart {

    private JvmRestart() {
    }

    /** Returns when this JVM keeps running Platte; otherwise this process becomes the restarted JVM. */
    public static void ifNeeded(String[] args) {
        try {
            var jvm = StartedJvm.current(args);
            var decision = ShippedJvm.decide(jvm);
            if (decision instanceof Relaunch relaunch) {
                var restart = withCache(jvm, relaunch);
                if (!restart.fromJar() && restart.cacheOptions().isEmpty()) {
                    return; // a start from classes restarts only for the cache
                }
                var classPath = jvm.classPathEntries();
                apply(restart, file -> ProcessImage.isJvmsOwn(file, jvm.javaHome(), classPath));
            } else if (jvm.launched()) {
                forgetUnusableCache(jvm);
            }
        } catch (RuntimeException | LinkageError failure) {
            cannotRestart(failure);
        }
    }

    static void apply(ShippedJvm.Decision decision, Predicate<Path> jvmsOwnFiles) {
        if (decision instanceof Relaunch relaunch) {
            try {
                ProcessImage.replace(relaunch.command(), relaunch.environmentAdditions(), jvmsOwnFiles);
            } catch (RuntimeException | LinkageError failure) {
                cannotRestart(failure);
            }
        }
    }

    private static Relaunch withCache(StartedJvm jvm, Relaunch relaunch) {
        var root = AotCache.root(jvm.environment());
        if (!relaunch.cacheAllowed() || root.isEmpty()) {
            return relaunch;
        }
        try {
            var cached = AotCache.prepare(jvm, relaunch, root.get());
            if (cached.cacheOptions().getFirst().startsWith("-XX:AOTCacheOutput=")) {
                var started = relaunch.fromJar() ? jvm.jar().orElseThrow().path().getFileName().toString() : "these classes";
                System.err.println("Platte: this first start of " + started + " records an ahead-of-time cache in " + root.get()
                        + ", written when Platte stops (that stop takes up to half a minute longer); later starts are quicker.");
            }
            return cached;
        } catch (IOException | RuntimeException failure) {
            System.err.println("Platte: no ahead-of-time cache in " + root.get() + " (" + failure + "); "
                    + AotCache.OPT_OUT_VARIABLE + "=false skips it.");
            return relaunch;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return relaunch;
        }
    }

    private static void forgetUnusableCache(StartedJvm restarted) {
        try {
            AotCache.forgetUnusable(restarted);
        } catch (IOException failure) {
            System.err.println("Platte: could not delete an ahead-of-time cache the JVM could not use (" + failure + ")");
        }
    }

    private static void cannotRestart(Throwable failure) {
        System.err.println("Platte: could not restart the JVM with its memory settings (" + failure
                + "); going on with the JVM's defaults. " + ShippedJvm.OPT_OUT_VARIABLE + "=false skips the restart.");
    }
}
