package dev.platte.omaha.protocol;

import static dev.platte.omaha.protocol.OmahaFixtures.request;
import static dev.platte.omaha.protocol.OmahaFixtures.responseBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever an upstream server (or something impersonating it) answers, decodeResponse() fails fast with
 * MalformedOmahaResponseException and nothing else.
 */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class OmahaResponseHostileInputTests {

    private final OmahaCodec codec = new OmahaCodec();

    @Test
    void rejectsDoctypeWithoutTouchingTheNetwork() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/evil.dtd";
            String body = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE response SYSTEM "%1$s" [
                      <!ENTITY %% remote SYSTEM "%1$s">
                      %%remote;
                      <!ENTITY xxe SYSTEM "%1$s">
                    ]>
                    <response protocol="3.0"><app appid="&xxe;" status="ok"/></response>""".formatted(url);

            assertRejected(utf8(body), "DOCTYPE is not allowed");

            listener.setSoTimeout(200);
            assertThatThrownBy(listener::accept).as("the parser must not have connected")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.SECONDS)
    void rejectsBillionLaughsWithoutExpandingAnything() {
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE response [\n  <!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            body.append("  <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        body.append("]>\n<response protocol=\"3.0\" server=\"&lol9;\"/>");

        assertRejected(utf8(body.toString()), "DOCTYPE is not allowed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"doctype.xml", "external-entity.xml", "billion-laughs.xml"})
    void rejectsHostileGoldenFilesBeforeLookingAtTheRoot(String file) {
        assertRejected(request(file), "DOCTYPE is not allowed");
    }

    @Test
    void rejectsEntityReferencesWithoutAnyDeclaration() {
        assertRejected(utf8("<response protocol=\"3.0\" server=\"&lol9;\"/>"), "not well-formed XML");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<request protocol=\"3.0\"/>",
            "<gupdate protocol=\"3.0\"><app/></gupdate>",
            "<responses protocol=\"3.0\"><response protocol=\"3.0\"/></responses>",
            "<html><body>502 Bad Gateway</body></html>",
    })
    void rejectsRootOtherThanResponse(String body) {
        assertThatThrownBy(() -> codec.decodeResponse(utf8(body)))
                .isExactlyInstanceOf(MalformedOmahaResponseException.class)
                .hasMessage("root element must be <response>");
    }

    @Test
    void rejectsOwnRequestFedBackAsResponse() {
        assertRejected(codec.encodeRequest(new OmahaRequest("3.0", "v", null, "scheduler", null, List.of())),
                "root element must be <response>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <response protocol="2.0"/>  | unsupported protocol "2.0", expected 3.0
            <response/>                 | unsupported protocol (missing), expected 3.0
            <response protocol=""/>     | unsupported protocol "", expected 3.0
            <response protocol="3"/>    | unsupported protocol "3", expected 3.0
            <response protocol=" 3.0"/> | unsupported protocol " 3.0", expected 3.0
            <response protocol="3.1"/>  | unsupported protocol "3.1", expected 3.0
            """)
    void rejectsMissingOrUnsupportedProtocol(String body, String reason) {
        assertThatThrownBy(() -> codec.decodeResponse(utf8(body)))
                .isExactlyInstanceOf(MalformedOmahaResponseException.class)
                .hasMessage(reason);
    }

    @Test
    void rejectsEveryTruncationOfARealResponse() {
        byte[] body = responseBytes("nebraska-3732.xml");
        String text = new String(body, StandardCharsets.UTF_8);
        int complete = text.lastIndexOf("</response>") + "</response>".length();

        for (int length = 1; length < complete; length++) {
            byte[] truncated = Arrays.copyOf(body, length);
            assertThatThrownBy(() -> codec.decodeResponse(truncated)).as("first %d bytes", length)
                    .isExactlyInstanceOf(MalformedOmahaResponseException.class)
                    .message().isNotBlank();
        }
    }

    @Test
    void rejectsResponseCutOffInsideAManifest() {
        String text = new String(responseBytes("multi-manifest.xml"), StandardCharsets.UTF_8);
        byte[] truncated = utf8(text.substring(0, text.indexOf("<manifest version=\"3602.2.0\"")));

        assertThatThrownBy(() -> codec.decodeResponse(truncated))
                .isExactlyInstanceOf(MalformedOmahaResponseException.class)
                .hasMessageContaining("not well-formed XML");
    }

    @Test
    void rejectsBodyLargerThanOneMebibyteEvenIfWellFormed() {
        assertThat(OmahaCodec.MAX_RESPONSE_BYTES).isEqualTo(1024 * 1024);

        assertRejected(padded(OmahaCodec.MAX_RESPONSE_BYTES + 1), "response body exceeds 1048576 bytes");
    }

    @Test
    void acceptsBodyOfExactlyTheLimit() throws Exception {
        ParsedResponse response = codec.decodeResponse(padded(OmahaCodec.MAX_RESPONSE_BYTES));

        assertThat(response.apps()).singleElement().extracting(ParsedApp::appId).isEqualTo("x");
    }

    @Test
    void rejectsEmptyBody() {
        assertRejected(new byte[0], "empty response body");
        assertThatThrownBy(() -> codec.decodeResponse(null))
                .isExactlyInstanceOf(MalformedOmahaResponseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\n\n", "\uFEFF", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!-- nothing -->"})
    void rejectsBodyWithoutRootElement(String body) {
        assertThatThrownBy(() -> codec.decodeResponse(utf8(body)))
                .isExactlyInstanceOf(MalformedOmahaResponseException.class);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] body = utf8("<response protocol=\"3.0\" server=\"xx\"/>");
        body[body.length - 5] = (byte) 0xC3; // a lead byte followed by an ASCII quote
        body[body.length - 4] = (byte) 0x28;

        assertRejected(body, "response body is not valid UTF-8");
    }

    @Test
    void rejectsEncodingOtherThanUtf8() {
        byte[] body = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><response protocol=\"3.0\"/>"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertRejected(body, "only UTF-8 is accepted");
    }

    @Test
    void rejectsUtf16Body() {
        byte[] body = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><response protocol=\"3.0\"/>"
                .getBytes(StandardCharsets.UTF_16);

        assertThatThrownBy(() -> codec.decodeResponse(body)).isExactlyInstanceOf(MalformedOmahaResponseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<response protocol=\"3.0\"/>trailing text",
            "<response protocol=\"3.0\"/><response protocol=\"3.0\"/>",
            "<response protocol=\"3.0\"></response><app/>",
            "text first<response protocol=\"3.0\"/>",
            "<response protocol=\"3.0\"><app></response>",
            "<response protocol=\"3.0\"><app appid=\"a\" appid=\"b\"/></response>",
            "<response protocol=\"3.0\"><app appid=\"&#x1;\"/></response>",
            "<response protocol=\"3.0\"><app appid=\"a<b\"/></response>",
            "<response protocol=\"3.0\">\u0000</response>",
            "<response protocol=\"3.0\"",
            "<response protocol=\"3.0\"><app><updatecheck status=\"ok\"><manifest",
    })
    void rejectsMalformedXml(String body) {
        assertThatThrownBy(() -> codec.decodeResponse(utf8(body)))
                .isExactlyInstanceOf(MalformedOmahaResponseException.class)
                .message().isNotBlank();
    }

    @Test
    void deepNestingEndsInAResultOrARejectionNeverInAStackOverflow() {
        String nested = "<x>".repeat(50_000) + "</x>".repeat(50_000);
        byte[] body = utf8("<response protocol=\"3.0\"><app appid=\"a\" status=\"ok\">" + nested
                + "<updatecheck status=\"ok\">" + nested + "</updatecheck></app></response>");

        // JDK 24+ refuses depth > 100 (jdk.xml.maxElementDepth); older ones parse it and we skip it iteratively.
        Throwable thrown = catchThrowable(() -> codec.decodeResponse(body));

        if (thrown == null) {
            assertThatCode(() -> assertThat(codec.decodeResponse(body).apps().getFirst().updateCheck().status())
                    .isEqualTo("ok")).doesNotThrowAnyException();
        } else {
            assertThat(thrown).isExactlyInstanceOf(MalformedOmahaResponseException.class);
        }
    }

    @Test
    void reasonNeverEchoesMoreThanAShortPrintablePrefix() {
        String protocol = "\u007F" + "9".repeat(200);

        assertThatThrownBy(() -> codec.decodeResponse(utf8("<response protocol=\"" + protocol + "\"/>")))
                .isExactlyInstanceOf(MalformedOmahaResponseException.class)
                .hasMessage("unsupported protocol \"?" + "9".repeat(31) + "...\", expected 3.0");
    }

    private void assertRejected(byte[] body, String reason) {
        assertThatThrownBy(() -> codec.decodeResponse(body))
                .isExactlyInstanceOf(MalformedOmahaResponseException.class)
                .hasMessageContaining(reason);
    }

    /** A well-formed response of exactly {@code size} bytes, padded with an ignored comment. */
    private static byte[] padded(int size) {
        String head = "<response protocol=\"3.0\"><app appid=\"x\" status=\"ok\"/><!--";
        String tail = "--></response>";
        return utf8(head + "p".repeat(size - head.length() - tail.length()) + tail);
    }

    private static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
