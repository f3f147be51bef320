package dev.platte.omaha.protocol;

import static dev.platte.omaha.protocol.OmahaFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class OmahaResponseEncodingTests {

    private static final String FLATCAR_APP_ID = "{e96281a6-d1af-4bde-9a0a-97b76e56dc57}";

    private static final Manifest MANIFEST = new Manifest(
            "https://update.release.flatcar-linux.net/amd64-usr/3815.2.0/",
            "3815.2.0",
            List.of(new PackageFile("flatcar_production_update.gz", 479970432L, "I6DGNAOrJRUxPbCuLw+AITfiVMo=",
                            null, true),
                    new PackageFile("oem-azure.gz", 40897503L, "wepxwEV9L2SS1l/ycEZSqWM3dDc=",
                            "3aed3129de50b959a97e4913ba485bd60e72d2bb6aa377d5ed404103f0680043", false)),
            new PostinstallAction("stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA="));

    /** Floors of the multi-manifest golden file, ascending; {@link #MANIFEST} is their target. */
    private static final Manifest FLOOR_3510 = new Manifest(
            "https://update.release.flatcar-linux.net/amd64-usr/3510.2.0/",
            "3510.2.0",
            List.of(new PackageFile("flatcar_production_update.gz", 456340562L, "8Ejwh48dcXEwxi+c/vDmx9je2Bw=",
                    null, true)),
            new PostinstallAction("42oW7Or7NbE76UyfT0kBe27l/btv656/N6EbG8ivwxI="),
            ManifestRole.floor("cgroup v2 & Docker 20.10 migration"));

    private static final Manifest FLOOR_3602 = new Manifest(
            "https://update.release.flatcar-linux.net/amd64-usr/3602.2.0/",
            "3602.2.0",
            List.of(new PackageFile("flatcar_production_update.gz", 461235113L, "Jjtq8XHAlEjY83UUkFH0BIJN7bI=",
                    null, true)),
            new PostinstallAction("ajOFm86tmaHS3+o/eIUW6g+DIKmAfsGAjyZAOCyv+Qc="),
            ManifestRole.floor(null));

    private final OmahaCodec codec = new OmahaCodec();

    @Test
    void encodesUpdateOffer() {
        String xml = encode(updateOk());

        assertThat(xml).isEqualTo(response("update-ok.xml"));
    }

    @Test
    void updateOfferAnswersEveryXPathQueryOfUpdateEngine() throws Exception {
        Document document = parse(codec.encode(updateOk()));
        XPath xpath = XPathFactory.newInstance().newXPath();
        String check = "/response/app/updatecheck";

        assertThat(xpath.evaluate(check + "/@status", document)).isEqualTo("ok");
        assertThat(xpath.evaluate(check + "/@PollInterval", document)).isEmpty();
        assertThat(xpath.evaluate(check + "/manifest/@version", document)).isEqualTo("3815.2.0");
        NodeList urls = (NodeList) xpath.evaluate(check + "/urls/url", document, XPathConstants.NODESET);
        assertThat(urls.getLength()).isEqualTo(1);
        assertThat(xpath.evaluate(check + "/urls/url/@codebase", document))
                .isEqualTo("https://update.release.flatcar-linux.net/amd64-usr/3815.2.0/");
        assertThat(xpath.evaluate(check + "/manifest/packages/package[1]/@name", document))
                .isEqualTo("flatcar_production_update.gz");
        // update_engine reads the size with sscanf %i: plain decimal, no leading zero.
        assertThat(xpath.evaluate(check + "/manifest/packages/package[1]/@size", document))
                .isEqualTo("479970432");
        assertThat(xpath.evaluate(check + "/manifest/actions/action[@event='postinstall']/@sha256", document))
                .isEqualTo("stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=");
        assertThat(xpath.evaluate(check + "/manifest/actions/action[@event='postinstall']/@DisablePayloadBackoff",
                document)).isEqualTo("true");
    }

    @Test
    void updateOfferSatisfiesUeRsPackageRequirements() throws Exception {
        Document document = parse(codec.encode(updateOk()));
        XPath xpath = XPathFactory.newInstance().newXPath();
        String packages = "/response/app/updatecheck/manifest/packages/package";

        assertThat(xpath.evaluate("/response/@protocol", document)).isEqualTo("3.0");
        assertThat(xpath.evaluate("/response/app/@status", document)).isEqualTo("ok");
        assertThat(xpath.evaluate(packages + "[1]/@required", document)).isEqualTo("true");
        assertThat(xpath.evaluate(packages + "[1]/@hash", document)).isEqualTo("I6DGNAOrJRUxPbCuLw+AITfiVMo=");
        assertThat(xpath.evaluate("boolean(" + packages + "[1]/@hash_sha256)", document)).isEqualTo("false");
        assertThat(xpath.evaluate(packages + "[2]/@name", document)).isEqualTo("oem-azure.gz");
        assertThat(xpath.evaluate(packages + "[2]/@required", document)).isEqualTo("false");
        assertThat(xpath.evaluate(packages + "[2]/@hash_sha256", document))
                .isEqualTo("3aed3129de50b959a97e4913ba485bd60e72d2bb6aa377d5ed404103f0680043");
        assertThat(xpath.evaluate("count(/response/app/updatecheck/manifest/actions/action)", document))
                .isEqualTo("1");
    }

    @Test
    void encodesFloorsAndTargetAsOneUpdateCheckWithOneManifestEach() {
        assertThat(encode(multiManifest())).isEqualTo(response("multi-manifest.xml"));
    }

    @Test
    void multiManifestOfferAnswersEveryXPathQueryOfADownstreamSyncer() throws Exception {
        Document document = parse(codec.encode(multiManifest()));
        XPath xpath = XPathFactory.newInstance().newXPath();
        String check = "/response/app/updatecheck";

        assertThat(xpath.evaluate("count(/response/app/updatecheck)", document)).isEqualTo("1");
        assertThat(xpath.evaluate(check + "/@status", document)).isEqualTo("ok");
        assertThat(xpath.evaluate("count(" + check + "/manifest)", document)).isEqualTo("3");
        assertThat(xpath.evaluate(check + "/manifest[1]/@version", document)).isEqualTo("3510.2.0");
        assertThat(xpath.evaluate(check + "/manifest[2]/@version", document)).isEqualTo("3602.2.0");
        assertThat(xpath.evaluate(check + "/manifest[3]/@version", document)).isEqualTo("3815.2.0");
        assertThat(xpath.evaluate(check + "/manifest[@is_target='true']/@version", document)).isEqualTo("3815.2.0");
        assertThat(xpath.evaluate("count(" + check + "/manifest[@is_target])", document)).isEqualTo("1");
        assertThat(xpath.evaluate(check + "/manifest[1]/@is_floor", document)).isEqualTo("true");
        assertThat(xpath.evaluate(check + "/manifest[2]/@is_floor", document)).isEqualTo("true");
        assertThat(xpath.evaluate("boolean(" + check + "/manifest[3]/@is_floor)", document)).isEqualTo("false");
        assertThat(xpath.evaluate(check + "/manifest[1]/@floor_reason", document))
                .isEqualTo("cgroup v2 & Docker 20.10 migration");
        assertThat(xpath.evaluate("boolean(" + check + "/manifest[2]/@floor_reason)", document)).isEqualTo("false");
        // One <urls> for the whole offer, pointing at the target's codebase.
        assertThat(xpath.evaluate("count(" + check + "/urls/url)", document)).isEqualTo("1");
        assertThat(xpath.evaluate(check + "/urls/url/@codebase", document)).isEqualTo(MANIFEST.codebase());
        // Every manifest keeps its own packages and postinstall action.
        assertThat(xpath.evaluate("count(" + check + "/manifest[1]/packages/package)", document)).isEqualTo("1");
        assertThat(xpath.evaluate("count(" + check + "/manifest[3]/packages/package)", document)).isEqualTo("2");
        assertThat(xpath.evaluate(check + "/manifest[2]/packages/package/@hash", document))
                .isEqualTo("Jjtq8XHAlEjY83UUkFH0BIJN7bI=");
        assertThat(xpath.evaluate("count(" + check + "/manifest/actions/action[@event='postinstall'])", document))
                .isEqualTo("3");
        assertThat(xpath.evaluate(check + "/manifest[1]/actions/action/@sha256", document))
                .isEqualTo("42oW7Or7NbE76UyfT0kBe27l/btv656/N6EbG8ivwxI=");
    }

    @Test
    void targetThatIsAlsoTheLastFloorCarriesBothAttributes() {
        String xml = encode(single(UpdateCheckResponse.okMultiManifest(
                List.of(FLOOR_3510, MANIFEST.withRole(ManifestRole.floorAndTarget("last floor \"3815\""))))));

        assertThat(xml).contains("<manifest version=\"3815.2.0\" is_floor=\"true\" "
                + "floor_reason=\"last floor &quot;3815&quot;\" is_target=\"true\"><packages>");
    }

    @Test
    void omitsEmptyFloorReason() {
        String xml = encode(single(UpdateCheckResponse.okMultiManifest(
                List.of(FLOOR_3510.withRole(ManifestRole.floor("")), MANIFEST.withRole(ManifestRole.target())))));

        assertThat(xml).contains(" is_floor=\"true\"><packages>")
                .doesNotContain("floor_reason");
    }

    @Test
    void syncerPastEveryFloorGetsOnlyTheTargetMarkedAsTarget() {
        String xml = encode(new OmahaResponse("platte", 0, List.of(new AppResponse(FLATCAR_APP_ID, AppStatus.OK,
                true, UpdateCheckResponse.okMultiManifest(List.of(MANIFEST.withRole(ManifestRole.target()))), 1))));

        assertThat(xml).isEqualTo(response("update-ok.xml").replace(
                "<manifest version=\"3815.2.0\">", "<manifest version=\"3815.2.0\" is_target=\"true\">"));
    }

    @Test
    void singleManifestWithoutRoleIsEncodedAsBeforeWhicheverFactoryBuiltIt() {
        String viaMultiManifest = encode(new OmahaResponse("platte", 0, List.of(new AppResponse(FLATCAR_APP_ID,
                AppStatus.OK, true, UpdateCheckResponse.okMultiManifest(List.of(MANIFEST)), 1))));

        assertThat(viaMultiManifest).isEqualTo(response("update-ok.xml")).doesNotContain("is_floor", "is_target");
    }

    @Test
    void encodesNoUpdate() {
        OmahaResponse response = new OmahaResponse("platte", 0, List.of(
                new AppResponse(FLATCAR_APP_ID, AppStatus.OK, true, UpdateCheckResponse.noUpdate(), 1)));

        assertThat(encode(response)).isEqualTo(response("noupdate.xml"));
    }

    @Test
    void encodesOneAppPerRequestAppInOrder() {
        OmahaResponse response = new OmahaResponse("platte", 0, List.of(
                new AppResponse(FLATCAR_APP_ID, AppStatus.OK, true, UpdateCheckResponse.noUpdate(), 1),
                AppResponse.failed("io.example.NotAnApp", AppStatus.ERROR_UNKNOWN_APPLICATION)));

        assertThat(encode(response)).isEqualTo(response("multi-app.xml"));
    }

    @Test
    void encodesPingAndEventAcknowledgementsWithoutUpdateCheck() {
        OmahaResponse response = new OmahaResponse("platte", 0, List.of(
                new AppResponse(FLATCAR_APP_ID, AppStatus.OK, true, null, 2)));

        assertThat(encode(response)).isEqualTo(response("ping-and-events.xml"));
    }

    @Test
    void writesPollIntervalOnAnyStatus() {
        assertThat(encode(single(UpdateCheckResponse.noUpdate().withPollInterval(3600))))
                .contains("<updatecheck status=\"noupdate\" PollInterval=\"3600\"></updatecheck>");
        assertThat(encode(single(UpdateCheckResponse.error().withPollInterval(7200))))
                .contains("<updatecheck status=\"error-internal\" PollInterval=\"7200\"></updatecheck>");
        assertThat(encode(single(UpdateCheckResponse.ok(MANIFEST).withPollInterval(2700))))
                .contains("<updatecheck status=\"ok\" PollInterval=\"2700\"><urls>");
    }

    @Test
    void writesDayStartAndLargeSizesAsPlainDecimals() {
        Manifest manifest = new Manifest("http://x/", "1.0.0",
                List.of(new PackageFile("big.gz", 123123123123123L, "", null, true)), new PostinstallAction("h="));
        OmahaResponse response = new OmahaResponse("platte", 49008,
                List.of(new AppResponse(FLATCAR_APP_ID, AppStatus.OK, false, UpdateCheckResponse.ok(manifest), 0)));

        assertThat(encode(response))
                .contains("<daystart elapsed_seconds=\"49008\"></daystart>")
                .contains("size=\"123123123123123\"");
    }

    @Test
    void escapesAttributeValuesAndEchoesAppIdExactly() throws Exception {
        String appId = " {A&B} <\"x\"> 'Ω' \t\n\r ";
        OmahaResponse response = new OmahaResponse("srv&\"<>", 0,
                List.of(new AppResponse(appId, AppStatus.ERROR_UNKNOWN_APPLICATION, false, null, 0)));

        String xml = encode(response);

        assertThat(xml).contains("server=\"srv&amp;&quot;&lt;&gt;\"")
                .contains("appid=\" {A&amp;B} &lt;&quot;x&quot;&gt; 'Ω' &#x9;&#xA;&#xD; \"");
        Document document = parse(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(XPathFactory.newInstance().newXPath().evaluate("/response/app/@appid", document))
                .isEqualTo(appId);
    }

    @Test
    void replacesCharactersXmlCannotCarrySoOutputStaysWellFormed() throws Exception {
        OmahaResponse response = new OmahaResponse("platte", 0,
                List.of(new AppResponse("a\u0000b\u001Fc\uD800d\uFFFEe", AppStatus.OK, false, null, 0)));

        byte[] encoded = codec.encode(response);

        assertThat(XPathFactory.newInstance().newXPath().evaluate("/response/app/@appid", parse(encoded)))
                .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
    }

    @Test
    void writesNullAppIdAsEmptyAttribute() {
        OmahaResponse response = new OmahaResponse("platte", 0,
                List.of(AppResponse.failed(null, AppStatus.ERROR_INVALID_APP_ID)));

        assertThat(encode(response)).contains("<app appid=\"\" status=\"error-invalidAppId\"></app>");
    }

    @Test
    void writesEveryAppStatusWireValue() {
        for (AppStatus status : AppStatus.values()) {
            String xml = encode(new OmahaResponse("platte", 0, List.of(new AppResponse("x", status, false, null, 0))));
            assertThat(xml).contains("status=\"" + status.wireValue() + "\"");
        }
        assertThat(AppStatus.ERROR_INVALID_MACHINE_ID.wireValue()).isEqualTo("error-invalidMachineId");
        assertThat(UpdateCheckStatus.NO_UPDATE.wireValue()).isEqualTo("noupdate");
    }

    @Test
    void encodesResponseWithoutApps() {
        assertThat(encode(new OmahaResponse("platte", 0, List.of()))).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<response protocol=\"3.0\" server=\"platte\"><daystart elapsed_seconds=\"0\"></daystart></response>");
    }

    @Test
    void rejectsOwnResponseFedBackAsRequest() {
        byte[] encoded = codec.encode(updateOk());

        assertThatThrownBy(() -> codec.decode(encoded))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .hasMessage("root element must be <request>");
    }

    private static OmahaResponse updateOk() {
        return new OmahaResponse("platte", 0,
                List.of(new AppResponse(FLATCAR_APP_ID, AppStatus.OK, true, UpdateCheckResponse.ok(MANIFEST), 1)));
    }

    /** A syncer's answer: two floors, then the target. */
    private static OmahaResponse multiManifest() {
        return new OmahaResponse("platte", 0, List.of(new AppResponse(FLATCAR_APP_ID, AppStatus.OK, false,
                UpdateCheckResponse.okMultiManifest(
                        List.of(FLOOR_3510, FLOOR_3602, MANIFEST.withRole(ManifestRole.target()))),
                0)));
    }

    private static OmahaResponse single(UpdateCheckResponse check) {
        return new OmahaResponse("platte", 0, List.of(new AppResponse(FLATCAR_APP_ID, AppStatus.OK, false, check, 0)));
    }

    private String encode(OmahaResponse response) {
        return new String(codec.encode(response), StandardCharsets.UTF_8);
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
