package dev.platte.fleet;

import java.util.List;

/** An instance with, per application, its current state, status history and events. */
public record InstanceDetails(Instance instance, List<AppDetails> applications) {

    public record AppDetails(InstanceAppState state, List<StatusHistoryEntry> history, List<InstanceEvent> events) {}
}
