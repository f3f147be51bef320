package dev.platte.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AdvisoryLockTests {

    @Test
    void keepsTheKeysEarlierReleasesTook() {
        // A replica of the previous release takes these same keys during a rolling upgrade.
        assertThat(AdvisoryLock.BOOTSTRAP_ADMIN.key()).isEqualTo(0x706c6174_74650001L);
        assertThat(AdvisoryLock.FLATCAR_SEED.key()).isEqualTo(0x706c6174_74650002L);
        assertThat(AdvisoryLock.REBOOT_GROUP_CREATION.key()).isEqualTo(0x706c6174_74650036L);
    }

    @Test
    void givesEveryLockItsOwnKey() {
        assertThat(Arrays.stream(AdvisoryLock.values()).map(AdvisoryLock::key).distinct())
                .hasSize(AdvisoryLock.values().length);
    }
}
