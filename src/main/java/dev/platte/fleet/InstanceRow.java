package dev.platte.fleet;

/** An instance and its state for one application, as lists show it. */
public record InstanceRow(Instance instance, InstanceAppState state) {}
