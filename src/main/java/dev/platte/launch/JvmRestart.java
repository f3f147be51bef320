package dev.platte.launch;

/**
 * Restarts this JVM with Platte's shipped settings when {@link ShippedJvm#decide} says so. Runs before Spring:
 * plain Java, and nothing it does stops Platte from starting; a restart that fails says so in one line.
 */
public final class JvmRestart {

    private JvmRestart() {
    }

    /** Returns when this JVM keeps running Platte; otherwise this process becomes the restarted JVM. */
    public static void ifNeeded(String[] args) {
        try {
            apply(ShippedJvm.decide(StartedJvm.current(args)));
        } catch (RuntimeException | LinkageError failure) {
            cannotRestart(failure);
        }
    }

    static void apply(ShippedJvm.Decision decision) {
        if (decision instanceof Relaunch relaunch) {
            try {
                ProcessImage.replace(relaunch.command(), relaunch.environmentAdditions());
            } catch (RuntimeException | LinkageError failure) {
                cannotRestart(failure);
            }
        }
    }

    private static void cannotRestart(Throwable failure) {
        System.err.println("Platte: could not restart the JVM with its memory settings (" + failure
                + "); going on with the JVM's defaults. " + ShippedJvm.OPT_OUT_VARIABLE + "=false skips the restart.");
    }
}
