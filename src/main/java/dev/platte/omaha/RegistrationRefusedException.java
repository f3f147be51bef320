package dev.platte.omaha;

import java.time.Duration;

/** A request would register new machines faster than its address may: answered 429, nothing written. */
final class RegistrationRefusedException extends RuntimeException {

    private final Duration retryAfter;

    RegistrationRefusedException(Duration retryAfter) {
        super("too many new machines from this address; retry after " + retryAfter.toSeconds() + " s", null, false,
                false);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds until the address may register again, at least 1 (for {@code Retry-After}). */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
