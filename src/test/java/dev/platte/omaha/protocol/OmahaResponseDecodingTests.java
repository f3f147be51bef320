package dev.platte.omaha.protocol;

import static dev.platte.omaha.protocol.OmahaFixtures.responseBytes;
import static dev.platte.omaha.protocol.OmahaFixtures.responseNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** decodeResponse(): what the syncer reads from an upstream Omaha server. */
class OmahaResponseDecodingTests {

    private static final String FLATCAR_APP_ID = "{e96281a6-d1af-4bde-9a0a-97b76e56dc57}";
    private static final String CODEBASE_3815 = "https://update.release.flatcar-linux.net/amd64-usr/3815.2.0/";

    private static final ParsedManifest MANIFEST_3815 = new ParsedManifest("3815.2.0", false, null, false,
            List.of(new ParsedPackage("flatcar_production_update.gz", 479970432L, "I6DGNAOrJRUxPbCuLw+AITfiVMo=",
                            null, true),
                    new ParsedPackage("oem-azure.gz", 40897503L, "wepxwEV9L2SS1l/ycEZSqWM3dDc=",
                            "3aed3129de50b959a97e4913ba485bd60e72d2bb6aa377d5ed404103f0680043", false)),
            new ParsedAction("postinstall", "stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=", true));

    private final OmahaCodec codec = new OmahaCodec();

    static List<String> goldenResponses() {
        return responseNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenResponses")
    void decodesEveryGoldenResponse(String name) throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes(name));

        assertThat(response.protocol()).isEqualTo("3.0");
        assertThat(response.apps()).isNotEmpty().allSatisfy(app -> assertThat(app.status()).isNotNull());
    }

    @Test
    void goldenResponsesIncludeOursAndEveryThirdPartySample() {
        assertThat(responseNames()).contains("update-ok.xml", "multi-manifest.xml", "noupdate.xml",
                "multi-app.xml", "ping-and-events.xml", "nebraska-3732.xml", "update-engine-update.xml",
                "update-engine-noupdate.xml", "update-engine-sample-v3.xml", "go-omaha-example.xml",
                "go-omaha-fixture.xml");
    }

    @Test
    void decodesOwnUpdateOfferWithExtraFileRequiredFlagsAndPostinstallHash() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("update-ok.xml"));

        assertThat(response).isEqualTo(new ParsedResponse("3.0", "platte", List.of(new ParsedApp(FLATCAR_APP_ID, "ok",
                new ParsedUpdateCheck("ok", null, List.of(CODEBASE_3815), List.of(MANIFEST_3815))))));
    }

    @Test
    void decodesOwnMultiManifestOfferWithFloorsReasonsAndTarget() throws Exception {
        ParsedUpdateCheck check = codec.decodeResponse(responseBytes("multi-manifest.xml"))
                .apps().getFirst().updateCheck();

        assertThat(check.status()).isEqualTo("ok");
        assertThat(check.codebases()).as("one <urls> shared by all manifests").containsExactly(CODEBASE_3815);
        assertThat(check.manifests()).containsExactly(
                new ParsedManifest("3510.2.0", true, "cgroup v2 & Docker 20.10 migration", false,
                        List.of(new ParsedPackage("flatcar_production_update.gz", 456340562L,
                                "8Ejwh48dcXEwxi+c/vDmx9je2Bw=", null, true)),
                        new ParsedAction("postinstall", "42oW7Or7NbE76UyfT0kBe27l/btv656/N6EbG8ivwxI=", true),
                        "https://update.release.flatcar-linux.net/amd64-usr/3510.2.0/"),
                new ParsedManifest("3602.2.0", true, null, false,
                        List.of(new ParsedPackage("flatcar_production_update.gz", 461235113L,
                                "Jjtq8XHAlEjY83UUkFH0BIJN7bI=", null, true)),
                        new ParsedAction("postinstall", "ajOFm86tmaHS3+o/eIUW6g+DIKmAfsGAjyZAOCyv+Qc=", true),
                        "https://update.release.flatcar-linux.net/amd64-usr/3602.2.0/"),
                new ParsedManifest("3815.2.0", false, null, true, MANIFEST_3815.packages(), MANIFEST_3815.postinstall()));
    }

    @Test
    void decodesOwnNoUpdateWithoutManifestsOrCodebases() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("noupdate.xml"));

        assertThat(response.apps()).containsExactly(new ParsedApp(FLATCAR_APP_ID, "ok",
                new ParsedUpdateCheck("noupdate", null, List.of(), List.of())));
    }

    @Test
    void decodesEveryAppWithItsOwnStatus() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("multi-app.xml"));

        assertThat(response.apps()).containsExactly(
                new ParsedApp(FLATCAR_APP_ID, "ok", new ParsedUpdateCheck("noupdate", null, List.of(), List.of())),
                new ParsedApp("io.example.NotAnApp", "error-unknownApplication", null));
    }

    @Test
    void appWithoutUpdateCheckHasNone() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("ping-and-events.xml"));

        assertThat(response.apps()).containsExactly(new ParsedApp(FLATCAR_APP_ID, "ok", null));
    }

    @Test
    void decodesRealNebraskaAnswerWithOemExtraFiles() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("nebraska-3732.xml"));

        assertThat(response.server()).isEqualTo("nebraska");
        ParsedApp app = response.apps().getFirst();
        assertThat(app.appId()).as("unbraced, verbatim").isEqualTo("e96281a6-d1af-4bde-9a0a-97b76e56dc57");
        assertThat(app.status()).isEqualTo("ok");
        assertThat(app.updateCheck().codebases())
                .containsExactly("https://update.release.flatcar-linux.net/amd64-usr/3732.0.0/");
        assertThat(app.updateCheck().manifests()).containsExactly(new ParsedManifest("3732.0.0", false, null, false,
                List.of(new ParsedPackage("flatcar_production_update.gz", 382137917L, "I6DGNAOrJRUxPbCuLw+AITfiVMo=",
                                null, true),
                        new ParsedPackage("oem-azure.gz", 40897503L, "wepxwEV9L2SS1l/ycEZSqWM3dDc=",
                                "3aed3129de50b959a97e4913ba485bd60e72d2bb6aa377d5ed404103f0680043", false),
                        new ParsedPackage("oem-qemu.gz", 2282L, "+06iWWI6gaSlcIHV7pjIEJrE9CA=",
                                "8ab630ee4079ecd5f8f512c05b44fec5e4f8db844db916c67c8d54a575cfe506", false)),
                new ParsedAction("postinstall", "stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=", true)));
    }

    @Test
    void decodesUpdateEngineUnittestUpdateResponse() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("update-engine-update.xml"));

        assertThat(response).isEqualTo(new ParsedResponse("3.0", null, List.of(new ParsedApp(FLATCAR_APP_ID, "ok",
                new ParsedUpdateCheck("ok", null, List.of("http://code/base/"), List.of(new ParsedManifest(
                        "1.2.3.4", false, null, false,
                        List.of(new ParsedPackage("file.signed", 123L, "not-used", null, false)),
                        new ParsedAction("postinstall", "HASH1234=", false))))))));
    }

    @Test
    void decodesUpdateEngineUnittestNoUpdateResponse() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("update-engine-noupdate.xml"));

        assertThat(response).isEqualTo(new ParsedResponse("3.0", null, List.of(new ParsedApp(FLATCAR_APP_ID, "ok",
                new ParsedUpdateCheck("noupdate", null, List.of(), List.of())))));
    }

    @Test
    void decodesGoOmahaExampleResponse() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("go-omaha-example.xml"));

        assertThat(response).isEqualTo(new ParsedResponse("3.0", "go-omaha", List.of(new ParsedApp(
                "{52F1B9BC-D31A-4D86-9276-CBC256AADF9A}", "ok",
                new ParsedUpdateCheck("ok", null, List.of("http://localhost/updates"), List.of(new ParsedManifest(
                        "9999.0.0", false, null, false,
                        List.of(new ParsedPackage("update.gz", 67546213L, "+LXvjiaPkeYDLHoNKlf9qbJwvnk=", null, true)),
                        new ParsedAction("postinstall", "0VAlQW3RE99SGtSB5R4m08antAHO8XDoBMKDyxQT/Mg=", true))))))));
    }

    @Test
    void decodesGoOmahaFixtureWithAttributesSpreadOverLines() throws Exception {
        ParsedManifest manifest = codec.decodeResponse(responseBytes("go-omaha-fixture.xml"))
                .apps().getFirst().updateCheck().manifests().getFirst();

        assertThat(manifest.packages()).containsExactly(
                new ParsedPackage("update.gz", 67546213L, "+LXvjiaPkeYDLHoNKlf9qbJwvnk=", null, true));
        assertThat(manifest.postinstall())
                .isEqualTo(new ParsedAction("postinstall", "0VAlQW3RE99SGtSB5R4m08antAHO8XDoBMKDyxQT/Mg=", false));
    }

    @Test
    void picksThePostinstallActionAndIgnoresOtherActions() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("update-engine-sample-v3.xml"));

        assertThat(response.server()).isEqualTo("prod");
        ParsedManifest manifest = response.apps().getFirst().updateCheck().manifests().getFirst();
        assertThat(manifest.version()).isEqualTo("3095.0.0");
        assertThat(manifest.packages()).singleElement().satisfies(file -> {
            assertThat(file.size()).isEqualTo(400752559L);
            assertThat(file.required()).isTrue();
        });
        assertThat(manifest.postinstall())
                .isEqualTo(new ParsedAction("postinstall", "DIAVxoI+8NpsudUawOA5U92VHlaxQBS3ejN4EPM6T2A=", false));
    }

    @Test
    void firstPostinstallActionWinsAcrossActionsElements() throws Exception {
        ParsedManifest manifest = firstManifest("""
                <manifest version="1.0.0">
                  <actions><action event="update" sha256="u="/></actions>
                  <actions><action event="postinstall" sha256="first="/><action event="postinstall" sha256="second="/></actions>
                </manifest>""");

        assertThat(manifest.postinstall()).isEqualTo(new ParsedAction("postinstall", "first=", false));
    }

    @Test
    void manifestWithoutPostinstallActionHasNone() throws Exception {
        ParsedManifest manifest = firstManifest("""
                <manifest version="1.0.0"><packages><package name="a" size="1"/></packages>
                <actions><action event="update" sha256="x="/></actions></manifest>""");

        assertThat(manifest.postinstall()).isNull();
    }

    @Test
    void roundTripsOwnSingleManifestOffer() throws Exception {
        Manifest manifest = new Manifest(CODEBASE_3815, "3815.2.0",
                List.of(new PackageFile("flatcar_production_update.gz", 479970432L, "I6DGNAOrJRUxPbCuLw+AITfiVMo=",
                                null, true),
                        new PackageFile("oem-azure.gz", 40897503L, "wepxwEV9L2SS1l/ycEZSqWM3dDc=",
                                "3aed3129de50b959a97e4913ba485bd60e72d2bb6aa377d5ed404103f0680043", false)),
                new PostinstallAction("stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA="));
        OmahaResponse response = new OmahaResponse("platte", 0, List.of(new AppResponse(FLATCAR_APP_ID, AppStatus.OK,
                true, UpdateCheckResponse.ok(manifest).withPollInterval(3600), 1)));

        assertRoundTrip(response);
    }

    @Test
    void roundTripsOwnMultiManifestOfferWithEscapedValues() throws Exception {
        Manifest floor = new Manifest("http://a/b&c/3510/", "3510.2.0",
                List.of(new PackageFile("update \"one\".gz", 1L, "<sha1>", null, true)),
                new PostinstallAction("p&q="), ManifestRole.floor("cgroup v2 & \"Docker\"\t<20.10>\nmigration"));
        Manifest lastFloor = new Manifest("http://a/3602/", "3602.2.0",
                List.of(new PackageFile("u.gz", 2L, "s", null, true)), new PostinstallAction("x="), ManifestRole.floor(""));
        Manifest target = new Manifest("http://a/3815/", "3815.2.0",
                List.of(new PackageFile("u.gz", Long.MAX_VALUE, "s", null, true),
                        new PackageFile("oem-qemu.gz", 2282L, "+06iWWI6gaSlcIHV7pjIEJrE9CA=",
                                "8ab630ee4079ecd5f8f512c05b44fec5e4f8db844db916c67c8d54a575cfe506", false)),
                new PostinstallAction("y="), ManifestRole.floorAndTarget("last Ω"));
        OmahaResponse response = new OmahaResponse("srv&\"<>", 0, List.of(
                new AppResponse(" {A&B} 'Ω' ", AppStatus.OK, false,
                        UpdateCheckResponse.okMultiManifest(List.of(floor, lastFloor, target)), 0),
                AppResponse.failed(null, AppStatus.ERROR_INVALID_APP_ID)));

        assertRoundTrip(response);
    }

    @Test
    void roundTripsOwnTargetOnlyAndNoUpdateAnswers() throws Exception {
        Manifest target = new Manifest("http://a/", "3.0.0", List.of(new PackageFile("u.gz", 5L, "s", null, true)),
                new PostinstallAction("y="), ManifestRole.target());

        assertRoundTrip(new OmahaResponse("platte", 7, List.of(
                new AppResponse(FLATCAR_APP_ID, AppStatus.OK, true,
                        UpdateCheckResponse.okMultiManifest(List.of(target)), 0),
                new AppResponse("b", AppStatus.OK, true, UpdateCheckResponse.noUpdate().withPollInterval(7200), 3),
                new AppResponse("c", AppStatus.OK, true, null, 1))));
        assertRoundTrip(new OmahaResponse("platte", 0, List.of()));
    }

    @Test
    void collectsCodebasesOfUrlsInsideManifestsAfterSharedOnesInDocumentOrder() throws Exception {
        ParsedUpdateCheck check = updateCheck("""
                <updatecheck status="ok">
                  <urls><url codebase="http://shared/"/><url/><url codebase=""/></urls>
                  <manifest version="1"><urls><url codebase="http://in-manifest-1/"/></urls></manifest>
                  <manifest version="2"><urls><url codebase="http://in-manifest-2/"/></urls></manifest>
                  <urls><url codebase="http://late/"/></urls>
                  <other><urls><url codebase="http://nested-in-unknown/"/></urls></other>
                </updatecheck>""");

        assertThat(check.codebases()).as("a <url> without codebase is left out, an empty one kept")
                .containsExactly("http://shared/", "", "http://in-manifest-1/", "http://in-manifest-2/",
                        "http://late/");
        assertThat(check.manifests()).extracting(ParsedManifest::version).containsExactly("1", "2");
    }

    @Test
    void readsOnlyManifestsThatAreDirectChildrenOfTheFirstUpdateCheck() throws Exception {
        ParsedResponse response = codec.decodeResponse(utf8("""
                <response protocol="3.0">
                  <manifest version="root-level"/>
                  <app appid="x" status="ok">
                    <wrapper><updatecheck status="nested"/></wrapper>
                    <updatecheck status="ok">
                      <extra><manifest version="nested"/></extra>
                      <manifest version="real"/>
                    </updatecheck>
                    <updatecheck status="second"><manifest version="ignored"/></updatecheck>
                  </app>
                  <wrapper><app appid="nested"/></wrapper>
                </response>"""));

        assertThat(response.apps()).singleElement().satisfies(app -> {
            assertThat(app.updateCheck().status()).isEqualTo("ok");
            assertThat(app.updateCheck().manifests()).extracting(ParsedManifest::version).containsExactly("real");
        });
    }

    @Test
    void ignoresUnknownElementsAttributesTextAndNamespacePrefixes() throws Exception {
        ParsedResponse response = codec.decodeResponse(utf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- a comment -->
                <o:response xmlns:o="urn:omaha" protocol="3.0" server="s" extra="1">
                  <o:daystart elapsed_seconds="x"/>
                  <?pi ignored?>
                  <o:app appid="x" status="ok" cohort="1:2:">stray text
                    <o:updatecheck status="ok" foo="bar"><![CDATA[<manifest version="cdata"/>]]>
                      <o:manifest version="1.0.0" ChromeOSVersion="9"><o:packages>
                        <o:package name="a" size="1" required="true" fp="1.abc"><o:detail/></o:package>
                      </o:packages></o:manifest>
                    </o:updatecheck>
                    <o:event status="ok"/>
                  </o:app>
                </o:response>"""));

        assertThat(response).isEqualTo(new ParsedResponse("3.0", "s", List.of(new ParsedApp("x", "ok",
                new ParsedUpdateCheck("ok", null, List.of(), List.of(new ParsedManifest("1.0.0", false, null, false,
                        List.of(new ParsedPackage("a", 1L, null, null, true)), null)))))));
    }

    @Test
    void missingAttributesAreNullAndMissingBooleansFalse() throws Exception {
        ParsedResponse response = codec.decodeResponse(utf8("""
                <response protocol="3.0"><app><updatecheck><manifest><packages><package/></packages>
                <actions><action event="postinstall"/></actions></manifest></updatecheck></app></response>"""));

        assertThat(response).isEqualTo(new ParsedResponse("3.0", null, List.of(new ParsedApp(null, null,
                new ParsedUpdateCheck(null, null, List.of(), List.of(new ParsedManifest(null, false, null, false,
                        List.of(new ParsedPackage(null, null, null, null, false)),
                        new ParsedAction("postinstall", null, false))))))));
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, false", "True, false", "1, false", "' true', false", "'', false", "false, false"})
    void booleansAreTrueOnlyForExactlyTrue(String value, boolean expected) throws Exception {
        ParsedManifest manifest = firstManifest("<manifest version=\"1\" is_floor=\"" + value + "\" is_target=\""
                + value + "\"><packages><package name=\"a\" required=\"" + value + "\"/></packages><actions>"
                + "<action event=\"postinstall\" sha256=\"h=\" DisablePayloadBackoff=\"" + value + "\"/></actions>"
                + "</manifest>");

        assertThat(manifest.isFloor()).isEqualTo(expected);
        assertThat(manifest.isTarget()).isEqualTo(expected);
        assertThat(manifest.packages().getFirst().required()).isEqualTo(expected);
        assertThat(manifest.postinstall().disablePayloadBackoff()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "123, 123",
            "0123, 123",
            "123123123123123, 123123123123123",
            "9223372036854775807, 9223372036854775807",
    })
    void readsSizeAsPlainDecimal(String value, long expected) throws Exception {
        assertThat(packageSize(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+5", " 12", "12 ", "0x10", "1e3", "1.0", "9223372036854775808",
            "\u0661\u0662\u0663", "\uFF11\uFF12"})
    void sizeThatIsNotAPlainNonNegativeDecimalIsNull(String value) throws Exception {
        assertThat(packageSize(value)).isNull();
    }

    @Test
    void sizeIsNullWhenMissing() throws Exception {
        assertThat(firstManifest("<manifest><packages><package name=\"a\"/></packages></manifest>")
                .packages().getFirst().size()).isNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "3600, 3600",
            "0, 0",
            "2147483647, 2147483647",
            "2147483648, null",
            "-1, null",
            "+60, null",
            "'', null",
            "1h, null",
    })
    void readsPollIntervalAsPlainDecimalInt(String value, Integer expected) throws Exception {
        assertThat(updateCheck("<updatecheck status=\"noupdate\" PollInterval=\"" + value + "\"/>").pollInterval())
                .isEqualTo(expected);
    }

    @Test
    void decodesEntityAndCharacterReferencesAndRawNonAscii() throws Exception {
        ParsedManifest manifest = firstManifest(
                "<manifest version=\"1\" is_floor=\"true\" floor_reason=\"a&amp;b &lt;c&gt; &#x3A9; &quot;q&quot; &apos;"
                        + " &#9;tab Büro 🚀\"/>");

        assertThat(manifest.floorReason()).isEqualTo("a&b <c> \u03A9 \"q\" ' \ttab Büro 🚀");
    }

    @Test
    void acceptsByteOrderMarkAndLowerCaseUtf8Declaration() throws Exception {
        byte[] body = utf8("\uFEFF<?xml version='1.0' encoding='utf-8'?><response protocol='3.0'/>");

        assertThat(codec.decodeResponse(body)).isEqualTo(new ParsedResponse("3.0", null, List.of()));
    }

    @Test
    void returnsImmutableLists() throws Exception {
        ParsedResponse response = codec.decodeResponse(responseBytes("multi-manifest.xml"));
        ParsedUpdateCheck check = response.apps().getFirst().updateCheck();

        assertThatThrownBy(() -> response.apps().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> check.codebases().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> check.manifests().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> check.manifests().getFirst().packages().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recordsTakeNullListsAsEmpty() {
        assertThat(new ParsedResponse("3.0", null, null).apps()).isEmpty();
        assertThat(new ParsedUpdateCheck("ok", null, null, null).codebases()).isEmpty();
        assertThat(new ParsedUpdateCheck("ok", null, null, null).manifests()).isEmpty();
        assertThat(new ParsedManifest("1", false, null, false, null, null).packages()).isEmpty();
    }

    @Test
    void decodesConcurrentlyWithOneCodecInstance() throws Exception {
        byte[] body = responseBytes("multi-manifest.xml");
        ParsedResponse expected = codec.decodeResponse(body);

        List<ParsedResponse> results = IntStream.range(0, 200).parallel()
                .mapToObj(i -> {
                    try {
                        return codec.decodeResponse(body);
                    } catch (MalformedOmahaResponseException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();

        assertThat(results).allMatch(expected::equals);
    }

    private void assertRoundTrip(OmahaResponse response) throws Exception {
        assertThat(codec.decodeResponse(codec.encode(response))).isEqualTo(parsed(response));
    }

    /** What decodeResponse must return for what encode wrote. */
    private static ParsedResponse parsed(OmahaResponse response) {
        return new ParsedResponse("3.0", response.server(), response.apps().stream()
                .map(app -> new ParsedApp(app.appId() == null ? "" : app.appId(), app.status().wireValue(),
                        app.updateCheck() == null ? null : parsed(app.updateCheck())))
                .toList());
    }

    private static ParsedUpdateCheck parsed(UpdateCheckResponse check) {
        List<String> codebases = check.manifests().isEmpty() ? List.of() : List.of(check.manifest().codebase());
        String shared = check.manifests().isEmpty() ? null : check.manifest().codebase();
        return new ParsedUpdateCheck(check.status().wireValue(), check.pollIntervalSeconds(), codebases,
                check.manifests().stream().map(m -> parsed(m, shared)).toList());
    }

    /** A step whose files are elsewhere than the shared codebase carries its own (Platte's extension). */
    private static ParsedManifest parsed(Manifest manifest, String sharedCodebase) {
        ManifestRole role = manifest.role();
        return new ParsedManifest(manifest.version(), role != null && role.isFloor(),
                role == null ? null : role.floorReason(), role != null && role.isTarget(),
                manifest.packages().stream()
                        .map(file -> new ParsedPackage(file.name(), file.size(), file.sha1Base64(), file.sha256Hex(),
                                file.required()))
                        .toList(),
                new ParsedAction("postinstall", manifest.action().sha256Base64(), true),
                manifest.codebase().equals(sharedCodebase) ? null : manifest.codebase());
    }

    private Long packageSize(String size) throws Exception {
        return firstManifest("<manifest><packages><package name=\"a\" size=\"" + size + "\"/></packages></manifest>")
                .packages().getFirst().size();
    }

    private ParsedManifest firstManifest(String manifestXml) throws Exception {
        return updateCheck("<updatecheck status=\"ok\">" + manifestXml + "</updatecheck>").manifests().getFirst();
    }

    private ParsedUpdateCheck updateCheck(String updateCheckXml) throws Exception {
        return codec.decodeResponse(utf8("<response protocol=\"3.0\"><app appid=\"x\" status=\"ok\">"
                + updateCheckXml + "</app></response>")).apps().getFirst().updateCheck();
    }

    private static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
