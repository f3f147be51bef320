package dev.platte.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.platte.catalog.Application;
import dev.platte.common.InvalidInputException;
import dev.platte.omaha.OmahaProperties;
import dev.platte.payload.PayloadAccessService;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnrollmentServiceTests {

    private static final UUID GROUP_ID = UUID.randomUUID();
    private static final Application FLATCAR = new Application(Application.FLATCAR_ID, "Flatcar", "", null, Instant.EPOCH);

    private static EnrollmentService service(String track, String secret, String publicUrl) {
        var groups = mock(GroupService.class);
        var group = mock(UpdateGroup.class);
        when(group.track()).thenReturn(track);
        when(groups.group(FLATCAR, GROUP_ID)).thenReturn(group);
        return new EnrollmentService(groups, new OmahaProperties("platte", List.of(), null, secret, List.of()),
                new PublicUrlProperties(publicUrl), mock(PayloadAccessService.class));
    }

    @Test
    void putsThePathSecretIntoServerAndFleetLockBase() {
        var enrollment = service("stable", "s3cret", "https://updates.example.com/")
                .enrollment(FLATCAR, GROUP_ID, "web-7", "http://ignored:8080");

        assertThat(enrollment.updateConf()).isEqualTo("""
                SERVER=https://updates.example.com/v1/update/s3cret/
                GROUP=stable
                MACHINE_ALIAS=web-7
                """);
        assertThat(enrollment.fleetLock().baseUrl()).isEqualTo("https://updates.example.com/fleetlock/s3cret/");
        assertThat(enrollment.fleetLock().rebootGroup()).isEqualTo("stable");
        assertThat(enrollment.fleetLock().zincatiConfig()).isEqualTo("""
                [identity]
                group = "stable"

                [updates]
                strategy = "fleet_lock"

                [updates.fleet_lock]
                base_url = "https://updates.example.com/fleetlock/s3cret/"
                """);
    }

    @Test
    void usesTheRequestsAddressWithoutAPublicUrl() {
        var enrollment = service("beta", null, null).enrollment(FLATCAR, GROUP_ID, null, "http://10.0.0.5:8080");

        assertThat(enrollment.server()).isEqualTo("http://10.0.0.5:8080/v1/update/");
        assertThat(enrollment.updateConf()).isEqualTo("SERVER=http://10.0.0.5:8080/v1/update/\nGROUP=beta\n");
    }

    @Test
    void namesNoRebootGroupForATrackFleetLockCannotCarry() {
        var enrollment = service("{e96281a6-d1af-4bde-9a0a-97b76e56dc57}", null, null)
                .enrollment(FLATCAR, GROUP_ID, null, "http://p");

        assertThat(enrollment.fleetLock().rebootGroup()).isNull();
        assertThat(enrollment.fleetLock().zincatiConfig()).doesNotContain("[identity]");
    }

    @Test
    void refusesAnAliasThatWouldBreakTheFile() {
        assertThatThrownBy(() -> service("stable", null, null).enrollment(FLATCAR, GROUP_ID, "a\nSERVER=evil", "http://p"))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("machineAlias");
    }
}
