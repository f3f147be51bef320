package dev.platte.omaha.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Response records reject programming errors at construction, so encode() never writes an offer clients refuse. */
class OmahaResponseModelTests {

    private static final PackageFile PAYLOAD = new PackageFile("flatcar_production_update.gz", 1, "", null, true);
    private static final PostinstallAction ACTION = new PostinstallAction("h=");

    @ParameterizedTest
    @ValueSource(strings = {"http://x", "http://x/amd64-usr/3815.2.0", ""})
    void manifestRejectsCodebaseWithoutTrailingSlash(String codebase) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Manifest(codebase, "3815.2.0", List.of(PAYLOAD), ACTION))
                .withMessageContaining("codebase");
    }

    @Test
    void manifestRequiresVersionPackagesAndAction() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Manifest(null, "1", List.of(PAYLOAD), ACTION));
        assertThatIllegalArgumentException().isThrownBy(() -> new Manifest("http://x/", "", List.of(PAYLOAD), ACTION));
        assertThatIllegalArgumentException().isThrownBy(() -> new Manifest("http://x/", "1", List.of(), ACTION));
        assertThatIllegalArgumentException().isThrownBy(() -> new Manifest("http://x/", "1", List.of(PAYLOAD), null));
    }

    @Test
    void manifestCopiesItsPackageList() {
        List<PackageFile> packages = new ArrayList<>(List.of(PAYLOAD));
        Manifest manifest = new Manifest("http://x/", "1", packages, ACTION);

        packages.clear();

        assertThat(manifest.packages()).containsExactly(PAYLOAD);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void packageRejectsNonPositiveSize(long size) {
        assertThatIllegalArgumentException().isThrownBy(() -> new PackageFile("a.gz", size, "", null, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABCDEF", "3AED3129DE50B959A97E4913BA485BD60E72D2BB6AA377D5ED404103F0680043", "hex",
            "3aed3129de50b959a97e4913ba485bd60e72d2bb6aa377d5ed404103f068004"})
    void packageRejectsSha256ThatIsNotLowerCaseHex(String sha256Hex) {
        assertThatIllegalArgumentException().isThrownBy(() -> new PackageFile("a.gz", 1, "", sha256Hex, false));
    }

    @Test
    void packageRequiresNameAndSha1() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PackageFile("", 1, "", null, true));
        assertThatIllegalArgumentException().isThrownBy(() -> new PackageFile(null, 1, "", null, true));
        assertThatIllegalArgumentException().isThrownBy(() -> new PackageFile("a.gz", 1, null, null, true));
    }

    @Test
    void postinstallActionRequiresSha256() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PostinstallAction(""));
        assertThatIllegalArgumentException().isThrownBy(() -> new PostinstallAction(null));
    }

    @Test
    void updateCheckHasManifestExactlyWhenOk() {
        Manifest manifest = new Manifest("http://x/", "1", List.of(PAYLOAD), ACTION);

        assertThatIllegalArgumentException().isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.OK, null, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.NO_UPDATE, manifest, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.ERROR_INTERNAL, manifest, null));
        assertThat(UpdateCheckResponse.ok(manifest).manifest()).isSameAs(manifest);
        assertThat(UpdateCheckResponse.noUpdate()).isEqualTo(new UpdateCheckResponse(UpdateCheckStatus.NO_UPDATE, null, null));
        assertThat(UpdateCheckResponse.error()).isEqualTo(new UpdateCheckResponse(UpdateCheckStatus.ERROR_INTERNAL, null, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -45})
    void updateCheckRejectsNonPositivePollInterval(int seconds) {
        assertThatIllegalArgumentException().isThrownBy(() -> UpdateCheckResponse.noUpdate().withPollInterval(seconds));
    }

    @Test
    void failedAppCannotOfferAnUpdate() {
        Manifest manifest = new Manifest("http://x/", "1", List.of(PAYLOAD), ACTION);

        assertThatIllegalArgumentException().isThrownBy(() -> new AppResponse("x",
                AppStatus.ERROR_UNKNOWN_APPLICATION, false, UpdateCheckResponse.ok(manifest), 0));
    }

    @Test
    void appResponseRequiresStatusAndNonNegativeEventCount() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AppResponse("x", null, false, null, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new AppResponse("x", AppStatus.OK, false, null, -1));
    }

    @Test
    void responseRequiresServerAndApps() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OmahaResponse(null, 0, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new OmahaResponse("platte", 0, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new OmahaResponse("platte", -1, List.of()));
    }
}
