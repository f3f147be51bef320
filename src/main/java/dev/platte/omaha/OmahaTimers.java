package dev.platte.omaha;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** {@code platte.omaha.requests}: the time to answer one app of an Omaha request, by outcome and path. */
@Component
class OmahaTimers {

    private final MeterRegistry meters;
    // Keyed by outcome and path: a closed set, so a plain map stays small.
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    OmahaTimers(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(AppOutcome outcome, boolean quick, long startedNanos) {
        // Looked up once per outcome and path: building a meter id per request is measurable on this path.
        timers.computeIfAbsent(outcomeTag(outcome) + (quick ? ":quick" : ":full"), key -> Timer.builder("platte.omaha.requests")
                        .description("Time to answer one app of an Omaha request, by outcome and by path (quick: one read)")
                        .tag("outcome", outcomeTag(outcome))
                        .tag("path", quick ? "quick" : "full")
                        .register(meters))
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    private static String outcomeTag(AppOutcome outcome) {
        return switch (outcome) {
            case AppOutcome.InvalidAppId ignored -> "error-invalid-app-id";
            case AppOutcome.UnknownApplication ignored -> "error-unknown-application";
            case AppOutcome.InvalidMachineId ignored -> "error-invalid-machine-id";
            case AppOutcome.InvalidVersion ignored -> "error-invalid-version";
            case AppOutcome.Acknowledged ignored -> "acknowledged";
            case AppOutcome.UpdateAvailable ignored -> "update";
            case AppOutcome.UpdatePathAvailable ignored -> "update-path";
            case AppOutcome.NoUpdate noUpdate -> "noupdate-" + noUpdate.reason().name().toLowerCase(Locale.ROOT);
        };
    }
}
