package dev.platte.rollout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The missing-extension hold: decided from the node's OEM and the target's extension list, nothing else. */
class MissingExtensionPolicyTests {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String MACHINE = "ec22ce10dc18aadd41c80d8f78b341a0";
    private static final String TARGET = "3815.2.0";
    private static final OemExtensions AZURE_AND_QEMU =
            OemExtensions.ofFileNames(List.of("oem-azure.gz", "oem-qemu.gz", "flatcar-python.gz"));

    private static GroupPolicy policy(boolean holdMissingExtension) {
        return new GroupPolicy(true, false, false, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(), null,
                null, holdMissingExtension, false);
    }

    private static RolloutProgress progress() {
        return new RolloutProgress(NOW.minus(Duration.ofDays(1)), 0, 0, CanaryState.NONE);
    }

    private static String decide(GroupPolicy policy, String oem, OemExtensions extensions) {
        return switch (RolloutPolicies.decide(policy, progress(), MACHINE, oem, extensions, TARGET, NOW, true)) {
            case RolloutDecision.Grant grant -> "GRANT";
            case RolloutDecision.Hold hold -> hold.reason().name();
        };
    }

    @ParameterizedTest(name = "oem \"{0}\" -> {1}")
    @CsvSource(nullValues = "NULL", value = {
        "vmware, MISSING_EXTENSION",
        "ami,    MISSING_EXTENSION",
        "azure,  GRANT",
        "qemu,   GRANT",
        "'',     GRANT",
        "'  ',   GRANT",
        "NULL,   GRANT",
        // Compared exactly, as flatcar-postinst's file pattern does.
        "Azure,  MISSING_EXTENSION",
    })
    void holdsOnlyNodesWhoseOemTheTargetDoesNotShip(String oem, String expected) {
        assertThat(decide(policy(true), oem, AZURE_AND_QEMU)).isEqualTo(expected);
    }

    @Test
    void affectsNoNodeWhenTheTargetShipsNoOemExtension() {
        var none = OemExtensions.ofFileNames(List.of("flatcar-python.gz", "oem.gz", "oem-.gz", "oem-azure.raw"));

        assertThat(none.oems()).isEmpty();
        assertThat(decide(policy(true), "vmware", none)).isEqualTo("GRANT");
        assertThat(decide(policy(true), "vmware", OemExtensions.NONE)).isEqualTo("GRANT");
    }

    @Test
    void grantsWhenTheGroupDoesNotHoldMissingExtensions() {
        assertThat(decide(policy(false), "vmware", AZURE_AND_QEMU)).isEqualTo("GRANT");
    }

    @Test
    void aDisabledOrPausedGroupSaysSoFirst() {
        var disabled = new GroupPolicy(false, false, false, null, Duration.ofHours(1), null, Duration.ofHours(1),
                List.of(), null, null, true, false);
        var paused = new GroupPolicy(true, true, false, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(),
                null, null, true, false);

        assertThat(decide(disabled, "vmware", AZURE_AND_QEMU)).isEqualTo("UPDATES_DISABLED");
        assertThat(decide(paused, "vmware", AZURE_AND_QEMU)).isEqualTo("PAUSED");
    }

    @Test
    void holdsBeforeTheRampOrTheCanaryCouldPickTheNode() {
        var safe = new GroupPolicy(true, false, true, null, Duration.ofHours(1), null, Duration.ofHours(1), List.of(),
                new Ramp(100, Duration.ofHours(1)), null, true, false);

        assertThat(decide(safe, "vmware", AZURE_AND_QEMU)).isEqualTo("MISSING_EXTENSION");
        // The same node and package without the guard would have become the canary.
        assertThat(RolloutPolicies.decide(safe, progress(), MACHINE, "azure", AZURE_AND_QEMU, TARGET, NOW, true))
                .isEqualTo(new RolloutDecision.Grant(true));
    }

    @Test
    void theLockFreeAdmissionAndTheFullDecisionAgree() {
        for (var oem : new String[] {"vmware", "azure", "", null}) {
            var admitted = RolloutPolicies.admit(policy(true), MACHINE, oem, AZURE_AND_QEMU, TARGET, NOW, NOW);
            var decided = RolloutPolicies.decide(policy(true), progress(), MACHINE, oem, AZURE_AND_QEMU, TARGET, NOW, true);
            assertThat(admitted).isEqualTo(decided);
        }
    }

    @Test
    void readsTheOemOfEachExtensionFileName() {
        assertThat(AZURE_AND_QEMU.oems()).isEqualTo(Set.of("azure", "qemu"));
        assertThat(OemExtensions.fileNameFor("vmware_raw")).isEqualTo("oem-vmware_raw.gz");
        assertThat(AZURE_AND_QEMU.missingFor("vmware_raw")).isTrue();
    }

    @Test
    void defaultsToHoldingMissingExtensions() {
        assertThat(GroupPolicy.unrestricted().holdMissingExtension()).isTrue();
    }
}
