package dev.platte.fleet;

import java.util.List;

/** An instance with, per application, its current state, latest status history and latest events. */
public record InstanceDetails(Instance instance, List<AppDetails> applications) {

    /** Status changes and events shown per application: the newest ones, oldest first. */
    public static final int MAX_ENTRIES = 200;

    public record AppDetails(InstanceAppState state, List<StatusHistoryEntry> history, List<InstanceEvent> events) {}
}
