package dev.platte.fleetlock;

import java.util.Locale;

/** Which Platte groups a reboot group follows: their pause state and, optionally, their maintenance windows. */
public enum Tie {
    /** The groups whose track is the reboot group's name (the default). */
    TRACK,
    /** One group, chosen by an admin. */
    GROUP,
    /** None: a plain semaphore. */
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
