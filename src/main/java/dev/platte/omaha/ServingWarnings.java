package dev.platte.omaha;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.common.LogSafe;
import dev.platte.rollout.ServingSnapshot;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Misconfigurations are seen on every check of every node: say so, but not thousands of times. */
@Component
class ServingWarnings {

    private static final Logger log = LoggerFactory.getLogger(ServingWarnings.class);

    private final NodeWarnings warnings = new NodeWarnings(log);

    /** An outcome as decided, after warning about the misconfiguration it reveals (no group, no package). */
    AppOutcome warned(AppOutcome outcome, Application application, String track, Arch arch,
            ServingSnapshot.Placement placement) {
        if (outcome instanceof AppOutcome.NoUpdate noUpdate) {
            switch (noUpdate.reason()) {
                case NO_GROUP -> noGroup(application, track, arch);
                case NO_PACKAGE -> noPackage(placement.groupId(), placement.groupName(), application);
                default -> {}
            }
        }
        return outcome;
    }

    private void noGroup(Application application, String track, Arch arch) {
        var shownTrack = LogSafe.of(track);
        warnings.warn("no-group:" + application.id() + ":" + shownTrack + ":" + arch,
                "No group with track {} for {} in {}: answering noupdate", shownTrack, arch.wireName(),
                LogSafe.of(application.name()));
    }

    private void noPackage(UUID groupId, String groupName, Application application) {
        warnings.warn("no-package:" + groupId, "Group {} of {} has no package to serve: answering noupdate",
                LogSafe.of(groupName), LogSafe.of(application.name()));
    }

    /** Distinct node-caused warnings remembered now (bounded; for tests and measurements). */
    long remembered() {
        return warnings.remembered();
    }
}
