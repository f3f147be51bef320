package dev.platte.omaha.protocol;

import static dev.platte.omaha.protocol.OmahaFixtures.request;
import static dev.platte.omaha.protocol.OmahaFixtures.requestNames;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/** encodeRequest(): what the syncer posts to an upstream Omaha server. */
class OmahaRequestEncodingTests {

    private static final String FLATCAR_APP_ID = "{e96281a6-d1af-4bde-9a0a-97b76e56dc57}";
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private final OmahaCodec codec = new OmahaCodec();

    /** Every golden request that decode() accepts; the others are the hostile ones. */
    static List<String> decodableRequests() {
        OmahaCodec codec = new OmahaCodec();
        return requestNames().stream().filter(name -> {
            try {
                codec.decode(request(name));
                return true;
            } catch (MalformedOmahaRequestException e) {
                return false;
            }
        }).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodableRequests")
    void decodingTheEncodedGoldenRequestGivesItBack(String name) throws Exception {
        OmahaRequest decoded = codec.decode(request(name));

        assertThat(codec.decode(codec.encodeRequest(decoded))).isEqualTo(decoded);
    }

    @Test
    void roundTripCoversEveryKindOfGoldenRequest() {
        assertThat(decodableRequests()).contains("update-check.xml", "syncer-multi-manifest.xml", "multi-app.xml",
                "unknown-elements.xml", "escaped-attributes.xml", "event-error.xml", "go-omaha-client.xml",
                "ue-rs-request.xml", "bom.xml", "platte-syncer.xml");
    }

    @Test
    void reencodesUpdateEngineRequestWithTheSameSemanticsInCanonicalForm() throws Exception {
        OmahaRequest updateEngine = codec.decode(request("update-check.xml"));

        String xml = encode(updateEngine);

        assertThat(xml).isEqualTo(DECLARATION + "<request protocol=\"3.0\" version=\"update_engine-0.4.10\" "
                + "updaterversion=\"update_engine-0.4.10\" installsource=\"scheduler\" ismachine=\"1\">"
                + "<os platform=\"CoreOS\" version=\"Chateau\" sp=\"2512.2.0_x86_64\"></os>"
                + "<app appid=\"" + FLATCAR_APP_ID + "\" version=\"2512.2.0\" track=\"stable\" "
                + "bootid=\"{88eec183-f363-45ca-ada4-ae83be64a74e}\" machineid=\"ec22ce10dc18aadd41c80d8f78b341a0\" "
                + "machinealias=\"\" oem=\"ami\" oemversion=\"0.1.1-r1\" alephversion=\"1688.5.3\" board=\"amd64-usr\">"
                + "<ping active=\"1\"></ping><updatecheck></updatecheck>"
                + "<event eventtype=\"3\" eventresult=\"2\" previousversion=\"\"></event></app></request>");
        assertThat(codec.decode(xml.getBytes(StandardCharsets.UTF_8))).isEqualTo(updateEngine);
    }

    @Test
    void encodesSyncerRequestAsGolden() {
        assertThat(encode(syncerRequest())).isEqualTo(golden("platte-syncer.xml"));
    }

    @Test
    void syncerRequestIsRecognisedAsSyncerAcceptingMultipleManifests() throws Exception {
        byte[] encoded = codec.encodeRequest(syncerRequest());
        Document document = parse(encoded);
        XPath xpath = XPathFactory.newInstance().newXPath();

        // What Nebraska checks to take its syncer path (nebraska.md §2.4).
        assertThat(xpath.evaluate("/request/@installsource", document)).isEqualTo("scheduler");
        assertThat(xpath.evaluate("/request/@version", document)).isEqualTo("CoreOSUpdateEngine-0.1.0.0");
        assertThat(xpath.evaluate("/request/app/@multi_manifest_ok", document)).isEqualTo("true");
        assertThat(xpath.evaluate("/request/@protocol", document)).isEqualTo("3.0");
        assertThat(xpath.evaluate("/request/@ismachine", document)).isEqualTo("1");
        assertThat(xpath.evaluate("/request/os/@arch", document)).isEqualTo("x64");
        assertThat(xpath.evaluate("count(/request/app/updatecheck)", document)).isEqualTo("1");
        assertThat(xpath.evaluate("count(/request/app/ping | /request/app/event)", document)).isEqualTo("0");

        AppRequest app = codec.decode(encoded).apps().getFirst();
        assertThat(app.multiManifestOk()).isTrue();
        assertThat(app.updateCheck()).isTrue();
    }

    @Test
    void writesMultiManifestOkOnlyWhenTrue() {
        AppRequest app = syncerRequest().apps().getFirst();
        AppRequest regular = new AppRequest(app.appId(), app.version(), app.track(), app.bootId(), app.machineId(),
                null, null, null, null, null, false, false, true, List.of());

        assertThat(encode(new OmahaRequest("3.0", null, null, null, null, List.of(regular))))
                .doesNotContain("multi_manifest_ok");
    }

    @Test
    void escapesAttributeValues() throws Exception {
        String track = "team \"blue\" & <green>";
        String alias = "a&b\t'Ω' 🚀\nline\r";
        OmahaRequest request = new OmahaRequest("3.0", "v<1>", null, "scheduler", new OsInfo("Core&OS", null, null, null),
                List.of(new AppRequest("{x}", "1.0.0", track, null, "m", alias, null, null, null, null, true, false,
                        true, List.of(new EventRequest(3, 2, null, "\"3.0'\"")))));

        String xml = encode(request);

        assertThat(xml).contains("version=\"v&lt;1&gt;\"", "platform=\"Core&amp;OS\"",
                "track=\"team &quot;blue&quot; &amp; &lt;green&gt;\"",
                "machinealias=\"a&amp;b&#x9;'Ω' 🚀&#xA;line&#xD;\"", "previousversion=\"&quot;3.0'&quot;\"");
        Document document = parse(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(XPathFactory.newInstance().newXPath().evaluate("/request/app/@track", document)).isEqualTo(track);
        assertThat(codec.decode(xml.getBytes(StandardCharsets.UTF_8))).isEqualTo(request);
    }

    @Test
    void replacesCharactersXmlCannotCarrySoOutputStaysWellFormed() throws Exception {
        OmahaRequest request = new OmahaRequest("3.0", null, null, null, null, List.of(new AppRequest(
                "a\u0000b\uD800c\uFFFF", null, null, null, null, null, null, null, null, null, false, false, false,
                List.of())));

        assertThat(codec.decode(codec.encodeRequest(request)).apps().getFirst().appId()).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
    }

    @Test
    void omitsNullAttributesAndTheOsElementWhenAbsent() {
        OmahaRequest request = new OmahaRequest("3.0", null, null, null, null, List.of(new AppRequest(
                null, null, null, null, null, null, null, null, null, null, false, false, false, List.of())));

        assertThat(encode(request)).isEqualTo(DECLARATION + "<request protocol=\"3.0\" ismachine=\"1\"><app></app></request>");
    }

    @Test
    void writesOnlyTheOsAttributesThatAreSet() {
        OmahaRequest request = new OmahaRequest("3.0", "go-omaha", null, null, new OsInfo("linux", null, null, "x64"),
                List.of());

        assertThat(encode(request)).isEqualTo(DECLARATION + "<request protocol=\"3.0\" version=\"go-omaha\" "
                + "ismachine=\"1\"><os platform=\"linux\" arch=\"x64\"></os></request>");
    }

    @Test
    void writesEventsInOrderWithSigned64BitErrorCodesAndWithoutMissingAttributes() throws Exception {
        List<EventRequest> events = List.of(new EventRequest(13, 1, null, null),
                new EventRequest(3, 0, 268435490L, null), new EventRequest(3, 0, -1L, "3510.2.0"),
                new EventRequest(null, null, null, null));
        OmahaRequest request = new OmahaRequest("3.0", null, null, null, null, List.of(new AppRequest(
                "x", null, null, null, null, null, null, null, null, null, false, true, false, events)));

        String xml = encode(request);

        assertThat(xml).contains("<app appid=\"x\"><ping active=\"1\"></ping>"
                + "<event eventtype=\"13\" eventresult=\"1\"></event>"
                + "<event eventtype=\"3\" eventresult=\"0\" errorcode=\"268435490\"></event>"
                + "<event eventtype=\"3\" eventresult=\"0\" errorcode=\"-1\" previousversion=\"3510.2.0\"></event>"
                + "<event></event></app>");
        assertThat(codec.decode(xml.getBytes(StandardCharsets.UTF_8)).apps().getFirst().events())
                .isEqualTo(events);
    }

    @Test
    void alwaysWritesProtocol30WhateverTheRecordSays() throws Exception {
        OmahaRequest request = new OmahaRequest("2.0", null, null, null, null, List.of());

        assertThat(codec.decode(codec.encodeRequest(request)).protocol()).isEqualTo("3.0");
    }

    @Test
    void isDeterministicUtf8WithoutTrailingNewline() {
        byte[] first = codec.encodeRequest(syncerRequest());

        assertThat(codec.encodeRequest(syncerRequest())).isEqualTo(first);
        assertThat(new String(first, StandardCharsets.UTF_8)).startsWith(DECLARATION).endsWith("</request>");
        assertThat(codec.encodeRequest(new OmahaRequest("3.0", "Ω", null, null, null, List.of())))
                .containsSequence(0xCE, 0xA9);
    }

    /** What Platte's syncer sends, shaped like Nebraska's (nebraska.md §6.1). */
    private static OmahaRequest syncerRequest() {
        return new OmahaRequest("3.0", "CoreOSUpdateEngine-0.1.0.0", "CoreOSUpdateEngine-0.1.0.0", "scheduler",
                new OsInfo("CoreOS", "Chateau", "3510.2.0_x86_64", "x64"),
                List.of(new AppRequest(FLATCAR_APP_ID, "3510.2.0", "stable", "{f51b97f9-ccd4-4a75-a808-294d2b03ad5c}",
                        "{2d64d9bd-1e2a-41b9-a59d-6c1d756c1ea0}", null, null, null, null, null, true, false, true,
                        List.of())));
    }

    private static String golden(String name) {
        String text = new String(request(name), StandardCharsets.UTF_8);
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private String encode(OmahaRequest request) {
        return new String(codec.encodeRequest(request), StandardCharsets.UTF_8);
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
