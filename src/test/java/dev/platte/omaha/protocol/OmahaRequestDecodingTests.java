package dev.platte.omaha.protocol;

import static dev.platte.omaha.protocol.OmahaFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OmahaRequestDecodingTests {

    private static final String FLATCAR_APP_ID = "{e96281a6-d1af-4bde-9a0a-97b76e56dc57}";

    private final OmahaCodec codec = new OmahaCodec();

    @Test
    void decodesUpdateEngineUpdateCheck() throws Exception {
        OmahaRequest request = codec.decode(request("update-check.xml"));

        assertThat(request.protocol()).isEqualTo("3.0");
        assertThat(request.version()).isEqualTo("update_engine-0.4.10");
        assertThat(request.updaterVersion()).isEqualTo("update_engine-0.4.10");
        assertThat(request.installSource()).isEqualTo("scheduler");
        assertThat(request.os()).isEqualTo(new OsInfo("CoreOS", "Chateau", "2512.2.0_x86_64", null));
        assertThat(request.apps()).singleElement().satisfies(app -> {
            assertThat(app.appId()).isEqualTo(FLATCAR_APP_ID);
            assertThat(app.version()).isEqualTo("2512.2.0");
            assertThat(app.track()).isEqualTo("stable");
            assertThat(app.bootId()).isEqualTo("{88eec183-f363-45ca-ada4-ae83be64a74e}");
            assertThat(app.machineId()).isEqualTo("ec22ce10dc18aadd41c80d8f78b341a0");
            assertThat(app.machineAlias()).isEmpty();
            assertThat(app.oem()).isEqualTo("ami");
            assertThat(app.oemVersion()).isEqualTo("0.1.1-r1");
            assertThat(app.alephVersion()).isEqualTo("1688.5.3");
            assertThat(app.board()).isEqualTo("amd64-usr");
            assertThat(app.multiManifestOk()).isFalse();
            assertThat(app.ping()).isTrue();
            assertThat(app.updateCheck()).isTrue();
            assertThat(app.events()).containsExactly(new EventRequest(3, 2, null, ""));
        });
    }

    @Test
    void decodesNebraskaSyncerRequestThatAcceptsMultipleManifests() throws Exception {
        OmahaRequest request = codec.decode(request("syncer-multi-manifest.xml"));

        // A syncer is recognised by both request attributes; installsource alone is also sent by update_engine.
        assertThat(request.version()).isEqualTo("CoreOSUpdateEngine-0.1.0.0");
        assertThat(request.updaterVersion()).isEqualTo("CoreOSUpdateEngine-0.1.0.0");
        assertThat(request.installSource()).isEqualTo("scheduler");
        assertThat(request.os()).isEqualTo(new OsInfo("CoreOS", "Chateau", "3400.0.0_x86_64", "x64"));
        assertThat(request.apps()).singleElement().satisfies(app -> {
            assertThat(app.appId()).isEqualTo(FLATCAR_APP_ID);
            assertThat(app.version()).isEqualTo("3400.0.0");
            assertThat(app.track()).isEqualTo("stable");
            assertThat(app.machineId()).isEqualTo("{2d64d9bd-1e2a-41b9-a59d-6c1d756c1ea0}");
            assertThat(app.bootId()).isEqualTo("{f51b97f9-ccd4-4a75-a808-294d2b03ad5c}");
            assertThat(app.multiManifestOk()).isTrue();
            assertThat(app.updateCheck()).isTrue();
            assertThat(app.ping()).isFalse();
            assertThat(app.events()).isEmpty();
        });
    }

    @Test
    void decodesPingOnlyRequest() throws Exception {
        AppRequest app = codec.decode(request("ping-only.xml")).apps().getFirst();

        assertThat(app.ping()).isTrue();
        assertThat(app.updateCheck()).isFalse();
        assertThat(app.events()).isEmpty();
        assertThat(app.oem()).isEqualTo("azure");
    }

    @Test
    void decodesDownloadStartedEventWithoutPingOrUpdateCheck() throws Exception {
        AppRequest app = codec.decode(request("event-download-started.xml")).apps().getFirst();

        assertThat(app.ping()).isFalse();
        assertThat(app.updateCheck()).isFalse();
        assertThat(app.oem()).isEmpty();
        assertThat(app.events()).containsExactly(new EventRequest(13, 1, null, null));
        assertThat(app.events().getFirst().is(EventRequest.TYPE_UPDATE_DOWNLOAD_STARTED, EventRequest.RESULT_SUCCESS))
                .isTrue();
    }

    @Test
    void decodesErrorEventWithFlaggedErrorCode() throws Exception {
        AppRequest app = codec.decode(request("event-error.xml")).apps().getFirst();

        assertThat(app.board()).isEqualTo("arm64-usr");
        assertThat(app.events()).singleElement().satisfies(event -> {
            assertThat(event).isEqualTo(new EventRequest(3, 0, 268435490L, null));
            assertThat(event.errorCodeBase()).isEqualTo(34);
            assertThat(event.hasErrorCodeFlag(EventRequest.FLAG_TEST_OMAHA_URL)).isTrue();
        });
    }

    @Test
    void decodesPreviousVersionOfUpdateCheckAfterReboot() throws Exception {
        AppRequest app = codec.decode(request("update-check-after-reboot.xml")).apps().getFirst();

        assertThat(app.machineAlias()).isEqualTo("web-1");
        assertThat(app.events()).containsExactly(new EventRequest(3, 2, null, "3760.2.0"));
    }

    @Test
    void decodesEveryAppInDocumentOrder() throws Exception {
        OmahaRequest request = codec.decode(request("multi-app.xml"));

        assertThat(request.installSource()).isEqualTo("ondemandupdate");
        assertThat(request.apps()).extracting(AppRequest::appId)
                .containsExactly(FLATCAR_APP_ID, "io.example.NotAnApp");
        AppRequest second = request.apps().get(1);
        assertThat(second.ping()).isFalse();
        assertThat(second.updateCheck()).isTrue();
        assertThat(second.bootId()).isNull();
        assertThat(second.events()).containsExactly(new EventRequest(13, 1, null, null),
                new EventRequest(14, 1, null, null));
    }

    @Test
    void decodesEntityAndCharacterReferencesInAttributes() throws Exception {
        AppRequest app = codec.decode(request("escaped-attributes.xml")).apps().getFirst();

        assertThat(app.machineAlias()).isEqualTo("a&b <c> \u03A9");
        assertThat(app.track()).isEqualTo("team \"blue\" & green");
        assertThat(app.events().getFirst().previousVersion()).isEqualTo("3.0'");
    }

    @Test
    void skipsUnknownElementsAttributesAndTextAtEveryLevel() throws Exception {
        OmahaRequest request = codec.decode(request("unknown-elements.xml"));

        assertThat(request.version()).isEqualTo("ChromeOSUpdateEngine-0.1.0.0");
        assertThat(request.os()).as("the first <os> wins")
                .isEqualTo(new OsInfo("Chrome OS", "Indy", "ForcedUpdate_x86_64", null));
        assertThat(request.apps()).as("an <app> nested in an unknown element is not an app")
                .extracting(AppRequest::appId)
                .containsExactly("{87efface-864d-49a5-9bb3-4b050a7c227a}", FLATCAR_APP_ID);

        AppRequest coreOs = request.apps().getFirst();
        assertThat(coreOs.track()).isEqualTo("dev-channel");
        assertThat(coreOs.board()).isEqualTo("amd64-generic");
        assertThat(coreOs.machineAlias()).isNull();
        assertThat(coreOs.ping()).isTrue();
        assertThat(coreOs.updateCheck()).isTrue();
        assertThat(coreOs.events()).as("events nested in other children or CDATA do not count")
                .containsExactly(new EventRequest(3, 2, null, ""));

        AppRequest second = request.apps().get(1);
        assertThat(second.multiManifestOk()).isTrue();
        assertThat(second.events()).containsExactly(new EventRequest(null, null, null, null));
    }

    @Test
    void acceptsUtf8ByteOrderMark() throws Exception {
        byte[] body = request("bom.xml");
        assertThat(body).startsWith(0xEF, 0xBB, 0xBF);

        OmahaRequest request = codec.decode(body);

        assertThat(request.apps()).singleElement().extracting(AppRequest::ping).isEqualTo(true);
    }

    @Test
    void decodesGoOmahaClientRequest() throws Exception {
        OmahaRequest request = codec.decode(request("go-omaha-client.xml"));

        assertThat(request.version()).isEqualTo("go-omaha");
        assertThat(request.updaterVersion()).isNull();
        assertThat(request.installSource()).isNull();
        assertThat(request.os()).isEqualTo(new OsInfo("linux", null, null, "x64"));
        assertThat(request.apps()).singleElement().satisfies(app -> {
            assertThat(app.appId()).isEqualTo(FLATCAR_APP_ID);
            assertThat(app.track()).isEqualTo("alpha");
            assertThat(app.bootId()).isEqualTo("feb81476-45c6-4e9c-b338-b263918a6be2");
            assertThat(app.board()).isNull();
            assertThat(app.ping()).isTrue();
            assertThat(app.updateCheck()).isTrue();
            assertThat(app.events()).containsExactly(new EventRequest(3, 2, null, null));
        });
    }

    @Test
    void decodesUeRsRequestWithUnbracedAppId() throws Exception {
        AppRequest app = codec.decode(request("ue-rs-request.xml")).apps().getFirst();

        assertThat(app.appId()).isEqualTo("e96281a6-d1af-4bde-9a0a-97b76e56dc57");
        assertThat(app.version()).isEqualTo("1.2.3");
        assertThat(app.events()).containsExactly(new EventRequest(3, 1, null, null));
    }

    @Test
    void acceptsRequestWithoutXmlDeclarationOsOrApps() throws Exception {
        OmahaRequest request = codec.decode(utf8("<request protocol=\"3.0\"/>"));

        assertThat(request).isEqualTo(new OmahaRequest("3.0", null, null, null, null, List.of()));
    }

    @Test
    void acceptsUtf8EncodingDeclarationInAnyCase() throws Exception {
        OmahaRequest request = codec.decode(utf8("<?xml version='1.0' encoding='utf-8'?><request protocol='3.0'/>"));

        assertThat(request.protocol()).isEqualTo("3.0");
    }

    @Test
    void decodesRawNonAsciiCharacters() throws Exception {
        OmahaRequest request = codec.decode(utf8(
                "<request protocol=\"3.0\"><app appid=\"x\" machinealias=\"Büro Ω 🚀\"/></request>"));

        assertThat(request.apps().getFirst().machineAlias()).isEqualTo("Büro Ω 🚀");
    }

    @Test
    void nonIntegerEventAttributesBecomeNullWithoutFailingTheDecode() throws Exception {
        OmahaRequest request = codec.decode(utf8("""
                <request protocol="3.0"><app appid="x">
                  <event eventtype="three" eventresult="1.0" errorcode="99999999999999999999"/>
                  <event eventtype="" errorcode="0x22"/>
                  <event eventtype=" 3" eventresult="2 "/>
                </app></request>"""));

        assertThat(request.apps().getFirst().events()).containsExactly(
                new EventRequest(null, null, null, null),
                new EventRequest(null, null, null, null),
                new EventRequest(null, null, null, null));
    }

    @ParameterizedTest
    @CsvSource({
            "268435490, 268435490",
            "-1, -1",
            "9223372036854775807, 9223372036854775807",
            "2147483648, 2147483648",
            "44, 44",
    })
    void parsesErrorCodeAsSigned64BitInteger(String attribute, long expected) throws Exception {
        OmahaRequest request = codec.decode(utf8(
                "<request protocol=\"3.0\"><app><event eventtype=\"3\" eventresult=\"0\" errorcode=\""
                        + attribute + "\"/></app></request>"));

        assertThat(request.apps().getFirst().events().getFirst().errorCode()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, false", "1, false", "'', false", "false, false"})
    void multiManifestOkIsTrueOnlyForExactlyTrue(String attribute, boolean expected) throws Exception {
        OmahaRequest request = codec.decode(utf8(
                "<request protocol=\"3.0\"><app appid=\"x\" multi_manifest_ok=\"" + attribute + "\"/></request>"));

        assertThat(request.apps().getFirst().multiManifestOk()).isEqualTo(expected);
    }

    @Test
    void distinguishesMissingFromEmptyAttributes() throws Exception {
        AppRequest app = codec.decode(utf8("<request protocol=\"3.0\"><app appid=\"\"/></request>")).apps().getFirst();

        assertThat(app.appId()).isEmpty();
        assertThat(app.version()).isNull();
        assertThat(app.machineId()).isNull();
        assertThat(app.events()).isNotNull().isEmpty();
    }

    @Test
    void matchesElementsByLocalNameIgnoringNamespaces() throws Exception {
        OmahaRequest request = codec.decode(utf8("""
                <o:request xmlns:o="urn:omaha" protocol="3.0">
                  <o:app appid="x"><o:ping/></o:app>
                </o:request>"""));

        assertThat(request.apps()).singleElement().extracting(AppRequest::ping).isEqualTo(true);
    }

    @Test
    void skipsDeeplyNestedUnknownElements() throws Exception {
        String nested = "<x>".repeat(60) + "<app appid=\"hidden\"/>" + "</x>".repeat(60);

        OmahaRequest request = codec.decode(utf8(
                "<request protocol=\"3.0\">" + nested + "<app appid=\"real\">" + nested + "</app></request>"));

        assertThat(request.apps()).extracting(AppRequest::appId).containsExactly("real");
    }

    @Test
    void returnsImmutableLists() throws Exception {
        OmahaRequest request = codec.decode(request("update-check.xml"));

        assertThatThrownBy(() -> request.apps().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.apps().getFirst().events().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void decodesConcurrentlyWithOneCodecInstance() throws Exception {
        byte[] body = request("update-check.xml");
        OmahaRequest expected = codec.decode(body);

        List<OmahaRequest> results = IntStream.range(0, 200).parallel()
                .mapToObj(i -> {
                    try {
                        return codec.decode(body);
                    } catch (MalformedOmahaRequestException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();

        assertThat(results).allMatch(expected::equals);
    }

    private static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
