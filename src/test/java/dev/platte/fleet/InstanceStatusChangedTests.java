package dev.platte.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InstanceStatusChangedTests {

    @Test
    void downloadAndInstallStepsAfterAGrantContinueTheUpdateInProgress() {
        assertThat(change(InstanceStatus.DOWNLOADING, InstanceStatus.GRANTED).continuesUpdateInProgress()).isTrue();
        assertThat(change(InstanceStatus.DOWNLOADED, InstanceStatus.DOWNLOADING).continuesUpdateInProgress()).isTrue();
        assertThat(change(InstanceStatus.INSTALLED, InstanceStatus.DOWNLOADED).continuesUpdateInProgress()).isTrue();
    }

    @Test
    void grantsEndsAndStepsAfterAnEndedUpdateDoNotContinueOne() {
        assertThat(change(InstanceStatus.GRANTED, InstanceStatus.ON_HOLD).continuesUpdateInProgress()).isFalse();
        assertThat(change(InstanceStatus.COMPLETE, InstanceStatus.INSTALLED).continuesUpdateInProgress()).isFalse();
        assertThat(change(InstanceStatus.ERROR, InstanceStatus.DOWNLOADING).continuesUpdateInProgress()).isFalse();
        assertThat(change(InstanceStatus.DOWNLOADING, InstanceStatus.TIMED_OUT).continuesUpdateInProgress()).isFalse();
        assertThat(change(InstanceStatus.DOWNLOADING, null).continuesUpdateInProgress()).isFalse();
    }

    private static InstanceStatusChanged change(InstanceStatus status, InstanceStatus previous) {
        return new InstanceStatusChanged("m", UUID.randomUUID(), UUID.randomUUID(), status, "1.0.0", "2.0.0", null,
                Instant.EPOCH, previous);
    }
}
