package dev.platte.fleetlock;

import java.util.Locale;

/**
 * Every {@code kind} Platte's FleetLock server answers, with its HTTP status. Zincati uses the kind as a
 * metrics label, so the set is fixed and small; the {@code value} beside it says the details.
 */
public enum FleetLockErrorKind {
    /** The {@code fleet-lock-protocol: true} header is absent or has another value. */
    MISSING_HEADER(400),
    /** The body is not a JSON object with a {@code client_params} object. */
    INVALID_BODY(400),
    /** {@code id} is empty or longer than 255 characters, or {@code group} does not match {@code ^[a-zA-Z0-9.-]+$}. */
    INVALID_CLIENT_PARAMS(400),
    /** Every slot of the reboot group is held by someone else. */
    FAILED_LOCK_SEMAPHORE_FULL(409),
    /** The Platte group tied to the reboot group is paused; the value carries the pause reason. */
    ROLLOUT_PAUSED(409),
    /** The reboot group allows reboots only inside its Platte group's maintenance windows, and none is open. */
    OUTSIDE_WINDOW(409),
    /** The group is unknown and clients already created as many reboot groups as Platte keeps. */
    TOO_MANY_GROUPS(409),
    /** No FleetLock operation at this path (or the path secret is wrong). */
    NOT_FOUND(404),
    /** Anything but POST. */
    METHOD_NOT_ALLOWED(405),
    /** A body larger than 4 KiB. */
    BODY_TOO_LARGE(413),
    /** Platte failed; the request may be retried. */
    INTERNAL_ERROR(500),
    /** The database is unreachable or busy; retry after the {@code Retry-After} seconds. */
    UNAVAILABLE(503);

    private final int status;

    FleetLockErrorKind(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
