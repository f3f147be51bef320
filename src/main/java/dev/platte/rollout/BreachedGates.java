package dev.platte.rollout;

import java.util.UUID;

/** Whether a group has a health gate in breach; implemented by the gates, which depend on this package. */
public interface BreachedGates {

    boolean anyBreached(UUID groupId);
}
