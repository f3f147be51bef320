package dev.platte.omaha.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.OK, (Manifest) null, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.NO_UPDATE, manifest, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.ERROR_INTERNAL, manifest, null));
        assertThat(UpdateCheckResponse.ok(manifest).manifest()).isSameAs(manifest);
        assertThat(UpdateCheckResponse.noUpdate())
                .isEqualTo(new UpdateCheckResponse(UpdateCheckStatus.NO_UPDATE, (Manifest) null, null));
        assertThat(UpdateCheckResponse.error())
                .isEqualTo(new UpdateCheckResponse(UpdateCheckStatus.ERROR_INTERNAL, (Manifest) null, null));
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

    // ---------------------------------------------------------------- multi-step updates (floors)

    @Test
    void manifestWithoutRoleIsPlainAndWithRoleReturnsACopy() {
        Manifest plain = new Manifest("http://x/", "1", List.of(PAYLOAD), ACTION);

        Manifest floor = plain.withRole(ManifestRole.floor("why"));

        assertThat(plain.role()).isNull();
        assertThat(plain).isEqualTo(new Manifest("http://x/", "1", List.of(PAYLOAD), ACTION, null));
        assertThat(floor.role()).isEqualTo(new ManifestRole(true, "why", false));
        assertThat(floor).usingRecursiveComparison().ignoringFields("role").isEqualTo(plain);
        assertThat(floor.withRole(null)).isEqualTo(plain);
    }

    @Test
    void manifestRoleFactoriesSetTheMatchingFlags() {
        assertThat(ManifestRole.floor("r")).isEqualTo(new ManifestRole(true, "r", false));
        assertThat(ManifestRole.target()).isEqualTo(new ManifestRole(false, null, true));
        assertThat(ManifestRole.floorAndTarget("r")).isEqualTo(new ManifestRole(true, "r", true));
        assertThat(ManifestRole.floor(null).floorReason()).isNull();
    }

    @Test
    void manifestRoleStoresEmptyFloorReasonAsNull() {
        assertThat(ManifestRole.floor("").floorReason()).isNull();
        assertThat(ManifestRole.floorAndTarget("")).isEqualTo(ManifestRole.floorAndTarget(null));
    }

    @Test
    void manifestRoleMustBeFloorOrTarget() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestRole(false, null, false))
                .withMessageContaining("no role");
    }

    @Test
    void manifestRoleRejectsFloorReasonOnPureTarget() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestRole(false, "why", true))
                .withMessageContaining("floor reason");
    }

    @Test
    void singleManifestConstructorWrapsTheManifestOrNothing() {
        Manifest manifest = new Manifest("http://x/", "1", List.of(PAYLOAD), ACTION);

        assertThat(new UpdateCheckResponse(UpdateCheckStatus.OK, manifest, 60).manifests()).containsExactly(manifest);
        assertThat(new UpdateCheckResponse(UpdateCheckStatus.NO_UPDATE, (Manifest) null, null).manifests()).isEmpty();
        assertThat(UpdateCheckResponse.ok(manifest))
                .isEqualTo(new UpdateCheckResponse(UpdateCheckStatus.OK, List.of(manifest), null));
    }

    @Test
    void canonicalConstructorTakesNullManifestListAsEmpty() {
        assertThat(new UpdateCheckResponse(UpdateCheckStatus.NO_UPDATE, (List<Manifest>) null, null))
                .isEqualTo(UpdateCheckResponse.noUpdate());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.OK, (List<Manifest>) null, null));
    }

    @Test
    void updateCheckHasManifestsExactlyWhenOk() {
        List<Manifest> chain = chain();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.OK, List.of(), null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.NO_UPDATE, chain, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new UpdateCheckResponse(UpdateCheckStatus.ERROR_INTERNAL, chain, null));
    }

    @Test
    void noUpdateAndErrorHaveNoManifests() {
        assertThat(UpdateCheckResponse.noUpdate().manifests()).isEmpty();
        assertThat(UpdateCheckResponse.noUpdate().manifest()).isNull();
        assertThat(UpdateCheckResponse.error().manifests()).isEmpty();
        assertThat(UpdateCheckResponse.error().manifest()).isNull();
    }

    @Test
    void multiManifestOfferKeepsCallerOrderAndManifestReturnsTheTarget() {
        List<Manifest> chain = chain();

        UpdateCheckResponse response = UpdateCheckResponse.okMultiManifest(chain);

        assertThat(response.status()).isEqualTo(UpdateCheckStatus.OK);
        assertThat(response.manifests()).containsExactlyElementsOf(chain);
        assertThat(response.manifest()).isSameAs(chain.get(2));
        assertThat(response.pollIntervalSeconds()).isNull();
    }

    @Test
    void multiManifestOfferRequiresAtLeastOneManifest() {
        assertThatIllegalArgumentException().isThrownBy(() -> UpdateCheckResponse.okMultiManifest(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> UpdateCheckResponse.okMultiManifest(null));
    }

    @Test
    void multiManifestOfferMayHoldJustTheTarget() {
        Manifest target = manifest("3").withRole(ManifestRole.target());

        assertThat(UpdateCheckResponse.okMultiManifest(List.of(target)).manifests()).containsExactly(target);
    }

    @Test
    void multiManifestOfferRejectsNullManifestWithIllegalArgument() {
        List<Manifest> withNull = new ArrayList<>(chain());
        withNull.add(1, null);

        assertThatIllegalArgumentException().isThrownBy(() -> UpdateCheckResponse.okMultiManifest(withNull))
                .withMessageContaining("null");
    }

    @Test
    void multiManifestOfferCopiesTheListAndIsImmutable() {
        List<Manifest> chain = new ArrayList<>(chain());
        UpdateCheckResponse response = UpdateCheckResponse.okMultiManifest(chain);

        chain.clear();

        assertThat(response.manifests()).hasSize(3);
        assertThatThrownBy(() -> response.manifests().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyManifestBeforeTheLastMustBeAFloorOnly() {
        Manifest target = manifest("3").withRole(ManifestRole.target());

        assertThatIllegalArgumentException().as("no role")
                .isThrownBy(() -> UpdateCheckResponse.okMultiManifest(List.of(manifest("1"), target)))
                .withMessageContaining("must be a floor");
        assertThatIllegalArgumentException().as("target before the end")
                .isThrownBy(() -> UpdateCheckResponse.okMultiManifest(
                        List.of(manifest("1").withRole(ManifestRole.target()), target)));
        assertThatIllegalArgumentException().as("floor and target before the end")
                .isThrownBy(() -> UpdateCheckResponse.okMultiManifest(
                        List.of(manifest("1").withRole(ManifestRole.floorAndTarget(null)), target)));
    }

    @Test
    void lastOfSeveralManifestsMustBeTheTarget() {
        Manifest floor = manifest("1").withRole(ManifestRole.floor(null));

        assertThatIllegalArgumentException().as("no role")
                .isThrownBy(() -> UpdateCheckResponse.okMultiManifest(List.of(floor, manifest("3"))))
                .withMessageContaining("must be the target");
        assertThatIllegalArgumentException().as("floor only")
                .isThrownBy(() -> UpdateCheckResponse.okMultiManifest(
                        List.of(floor, manifest("2").withRole(ManifestRole.floor(null)))));
    }

    @Test
    void lastFloorCanBeTheTarget() {
        List<Manifest> chain = List.of(manifest("1").withRole(ManifestRole.floor(null)),
                manifest("2").withRole(ManifestRole.floorAndTarget("last floor")));

        assertThat(UpdateCheckResponse.okMultiManifest(chain).manifest().role().isTarget()).isTrue();
    }

    @Test
    void withPollIntervalKeepsEveryManifest() {
        UpdateCheckResponse response = UpdateCheckResponse.okMultiManifest(chain()).withPollInterval(3600);

        assertThat(response.manifests()).containsExactlyElementsOf(chain());
        assertThat(response.pollIntervalSeconds()).isEqualTo(3600);
    }

    @Test
    void appWithFailedStatusCannotOfferAMultiManifestUpdate() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AppResponse("x",
                AppStatus.ERROR_UNKNOWN_APPLICATION, false, UpdateCheckResponse.okMultiManifest(chain()), 0));
    }

    private static Manifest manifest(String version) {
        return new Manifest("http://x/" + version + "/", version, List.of(PAYLOAD), ACTION);
    }

    /** Two floors and the target, ascending. */
    private static List<Manifest> chain() {
        return List.of(manifest("1").withRole(ManifestRole.floor("a")),
                manifest("2").withRole(ManifestRole.floor(null)),
                manifest("3").withRole(ManifestRole.target()));
    }
}
