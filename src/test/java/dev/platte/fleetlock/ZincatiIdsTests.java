package dev.platte.fleetlock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZincatiIdsTests {

    @Test
    void derivesTheIdZincatiSendsAsSystemdDoes() {
        // On a machine whose /etc/machine-id is 3d1219c7c4c5404aaa1f6d2a48adfda4,
        // `systemd-id128 machine-id -a de35106b6ec24688b63afddaa156679b` prints this.
        assertThat(ZincatiIds.holderIdOf("3d1219c7c4c5404aaa1f6d2a48adfda4")).hasValue("975228d46dc94622b9bbe16671e2b58d");
        assertThat(ZincatiIds.holderIdOf("3D1219C7C4C5404AAA1F6D2A48ADFDA4")).hasValue("975228d46dc94622b9bbe16671e2b58d");
    }

    @Test
    void derivesNothingFromAnIdThatIsNot128BitHex() {
        assertThat(ZincatiIds.holderIdOf("web-7")).isEmpty();
        assertThat(ZincatiIds.holderIdOf("3d1219c7-c4c5-404a-aa1f-6d2a48adfda4")).isEmpty();
    }
}
