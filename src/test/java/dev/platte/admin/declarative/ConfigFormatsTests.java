package dev.platte.admin.declarative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.admin.api.ApiRequests.AutoHaltRequest;
import dev.platte.admin.api.ApiRequests.ExtraFileRequest;
import dev.platte.admin.api.ApiRequests.PackageRequest;
import dev.platte.admin.api.ApiRequests.PolicyRequest;
import dev.platte.admin.api.ApiRequests.RampRequest;
import dev.platte.admin.api.ApiRequests.WindowRequest;
import dev.platte.admin.declarative.ConfigDocument.ApplicationEntry;
import dev.platte.admin.declarative.ConfigDocument.ChannelEntry;
import dev.platte.admin.declarative.ConfigDocument.GroupEntry;
import dev.platte.admin.declarative.ConfigDocument.RevocationEntry;
import dev.platte.admin.declarative.ConfigDocument.VersionEntry;
import dev.platte.common.InvalidInputException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConfigFormatsTests {

    static ConfigDocument document(int pollInterval, String stableVersion) {
        var policy = new PolicyRequest(true, false, 50, Duration.ofHours(1), null, Duration.ofHours(2), pollInterval,
                new RampRequest(10, Duration.ofHours(24)), new AutoHaltRequest(3, null, 10),
                List.of(new WindowRequest(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY), LocalTime.of(2, 0),
                        LocalTime.of(4, 0), "Europe/Berlin")), true);
        var pkg = new PackageRequest("3815.2.0", "amd64", "flatcar", "https://updates.example.com/3815.2.0/",
                "flatcar_production_update.gz", 479970432L, "I6DGNAOrJRUxPbCuLw+AITfiVMo=",
                "stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=", "", List.of(new ExtraFileRequest("oem-azure.gz", 4089L,
                        "I6DGNAOrJRUxPbCuLw+AITfiVMo=", "3aed3129de50b959a97e4913ba485bd60e72d2bb6aa377d5ed404103f0680043")));
        return new ConfigDocument(ConfigDocument.API_VERSION, ConfigDocument.KIND, List.of(new ApplicationEntry(
                "Flatcar", "io.flatcar.os", UUID.fromString("e96281a6-d1af-4bde-9a0a-97b76e56dc57"), "", List.of(pkg),
                List.of(new ChannelEntry("stable", "amd64", stableVersion,
                        List.of(new VersionEntry("3510.2.0", "cgroup v2")), List.of())),
                List.of(new GroupEntry("Stable", "", "stable", "stable", "amd64", policy)),
                List.of(new RevocationEntry("3033.2.0", "amd64", "broken")))));
    }

    @Test
    void writesReadableYamlWithoutEmptyValuesAndReadsItBack() {
        var yaml = ConfigFormats.write(document(3600, "3815.2.0"), true);

        assertThat(yaml).startsWith("---\napiVersion: platte.dev/v1\nkind: PlatteConfig\napplications:\n- name: Flatcar\n");
        assertThat(yaml).contains("  channels:\n  - name: stable\n    arch: amd64\n    package: 3815.2.0\n");
        assertThat(yaml).contains("pollIntervalSeconds: 3600").contains("duration: PT24H").doesNotContain("description");
        assertThat(ConfigFormats.read(yaml, true)).isEqualTo(ConfigFormats.read(ConfigFormats.write(document(3600, "3815.2.0"), false), false));
    }

    @Test
    void namesThePathOfAValueOfTheWrongType() {
        var yaml = ConfigFormats.write(document(3600, "3815.2.0"), true).replace("pollIntervalSeconds: 3600",
                "pollIntervalSeconds: often");

        assertThatThrownBy(() -> ConfigFormats.read(yaml, true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                        .isEqualTo("applications[0].groups[0].policy.pollIntervalSeconds"));
    }

    @Test
    void refusesAnEmptyOrMalformedBody() {
        assertThatThrownBy(() -> ConfigFormats.read(new byte[0], true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body"));
        assertThatThrownBy(() -> ConfigFormats.read("{not json", false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @Test
    void fingerprintsTheSameDocumentAlikeAndADifferentOneNot() {
        assertThat(ConfigFormats.fingerprint(document(3600, "3815.2.0")))
                .isEqualTo(ConfigFormats.fingerprint(document(3600, "3815.2.0")))
                .isNotEqualTo(ConfigFormats.fingerprint(document(7200, "3815.2.0")));
    }
}
