package dev.platte.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * One node's state for one application, locked for the caller's transaction, with the changes made to it
 * since: {@link FleetService} applies the rules of {@link InstanceAppState} to it in memory and writes all
 * of them with {@link FleetService#save} in one statement.
 */
public final class LockedState {

    private final Registration registration;
    private final InstanceAppState state;
    private final long catalogRevision;
    /** Status changes not written yet, each with the event that announces it once written. */
    final List<Change> changes = new ArrayList<>();
    final List<Reported> events = new ArrayList<>();
    private boolean reported;

    LockedState(Registration registration, InstanceAppState state, long catalogRevision) {
        this.registration = registration;
        this.state = state;
        this.catalogRevision = catalogRevision;
    }

    /** A state locked for a change of Platte's own (a timeout), not a node's check-in: nothing to report. */
    static LockedState of(InstanceAppState state) {
        var node = new LockedState(null, state, 0);
        node.markReported();
        return node;
    }

    /** The state as it stands now, changes included (read only: change it through {@link FleetService}). */
    public InstanceAppState state() {
        return state;
    }

    /** The catalog revision read together with the state: the catalog the answer must not be older than. */
    public long catalogRevision() {
        return catalogRevision;
    }

    Registration registration() {
        return registration;
    }

    boolean reported() {
        return reported;
    }

    void markReported() {
        reported = true;
    }

    /** A status change: its history row and the event published once it is written. */
    record Change(StatusHistoryEntry entry, InstanceStatusChanged announcement) {}

    /** An update_engine event as reported, to be kept. */
    record Reported(int type, int result, Long errorCode, String previousVersion, String reportedVersion,
            java.time.Instant at) {}
}
