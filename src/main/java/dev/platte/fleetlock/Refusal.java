package dev.platte.fleetlock;

/** Why a FleetLock operation failed: the {@code kind} and {@code value} of the error body. */
public record Refusal(FleetLockErrorKind kind, String value) {

    /** Long enough for a pause reason, short enough for a log line on the node. */
    static final int MAX_VALUE_LENGTH = 500;

    public Refusal {
        if (value.length() > MAX_VALUE_LENGTH) {
            value = value.substring(0, MAX_VALUE_LENGTH - 1) + "…";
        }
    }
}
