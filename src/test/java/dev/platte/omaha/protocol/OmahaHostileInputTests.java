package dev.platte.omaha.protocol;

import static dev.platte.omaha.protocol.OmahaFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever a client sends, decode() fails fast with MalformedOmahaRequestException and nothing else. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class OmahaHostileInputTests {

    private final OmahaCodec codec = new OmahaCodec();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            doctype.xml           | DOCTYPE is not allowed
            external-entity.xml   | DOCTYPE is not allowed
            billion-laughs.xml    | DOCTYPE is not allowed
            truncated.xml         | not well-formed XML
            invalid-utf8.xml      | not valid UTF-8
            two-roots.xml         | not well-formed XML
            wrong-root.xml        | root element must be <request>
            protocol-2.xml        | unsupported protocol
            """)
    @Timeout(value = 1, unit = TimeUnit.SECONDS) // no entity expansion, no network: each one is instant
    void rejectsHostileGoldenFile(String file, String reason) {
        assertThatThrownBy(() -> codec.decode(request(file)))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void invalidUtf8GoldenFileReallyContainsInvalidBytes() {
        // Guards against an editor or VCS "repairing" the file, which would make the test above meaningless.
        assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(request("invalid-utf8.xml"))))
                .isInstanceOf(CharacterCodingException.class);
    }

    @Test
    void rejectsEmptyBody() {
        assertThatThrownBy(() -> codec.decode(new byte[0]))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> codec.decode(null))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\n\n", "\uFEFF", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!-- nothing -->"})
    void rejectsBodyWithoutRootElement(String body) {
        assertThatThrownBy(() -> codec.decode(utf8(body)))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class);
    }

    @Test
    void rejectsBodyLargerThanLimitEvenIfWellFormed() {
        byte[] body = padded(OmahaCodec.MAX_REQUEST_BYTES + 1);

        assertThatThrownBy(() -> codec.decode(body))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void acceptsBodyOfExactlyTheLimit() throws Exception {
        assertThat(codec.decode(padded(OmahaCodec.MAX_REQUEST_BYTES)).protocol()).isEqualTo("3.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<request protocol=\"3.0\"/>trailing text",
            "<request protocol=\"3.0\"/><request protocol=\"3.0\"/>",
            "<request protocol=\"3.0\"></request><app/>",
            "text first<request protocol=\"3.0\"/>",
            "<request protocol=\"3.0\"><app></request>",
            "<request protocol=\"3.0\"><app appid=\"a\" appid=\"b\"/></request>",
            "<request protocol=\"3.0\"><app appid=\"&undefined;\"/></request>",
            "<request protocol=\"3.0\"><app appid=\"&#x1;\"/></request>",
            "<request protocol=\"3.0\"><app appid=\"a<b\"/></request>",
            "<request protocol=\"3.0\">\u0000</request>",
            "<request protocol=\"3.0\"",
            "<request protocol=\"3.0\"><app",
    })
    void rejectsMalformedXml(String body) {
        assertThatThrownBy(() -> codec.decode(utf8(body)))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .message().isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<request/>",
            "<request protocol=\"\"/>",
            "<request protocol=\"3\"/>",
            "<request protocol=\" 3.0\"/>",
            "<request protocol=\"3.1\"/>",
    })
    void rejectsMissingOrUnsupportedProtocol(String body) {
        assertThatThrownBy(() -> codec.decode(utf8(body)))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .hasMessageContaining("unsupported protocol");
    }

    @Test
    void rejectsWrongRootElementBeforeReadingItsContent() {
        assertThatThrownBy(() -> codec.decode(utf8("<gupdate protocol=\"3.0\"><app/></gupdate>")))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .hasMessage("root element must be <request>");
    }

    @Test
    void rejectsEncodingOtherThanUtf8() {
        byte[] body = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><request protocol=\"3.0\"/>"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> codec.decode(body))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .hasMessageContaining("only UTF-8");
    }

    @Test
    void rejectsUtf16Body() {
        byte[] body = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><request protocol=\"3.0\"/>"
                .getBytes(StandardCharsets.UTF_16);

        assertThatThrownBy(() -> codec.decode(body)).isExactlyInstanceOf(MalformedOmahaRequestException.class);
    }

    @Test
    void rejectsDoctypeWithoutTouchingTheNetwork() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/evil.dtd";
            String body = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE request SYSTEM "%1$s" [
                      <!ENTITY %% remote SYSTEM "%1$s">
                      %%remote;
                      <!ENTITY xxe SYSTEM "%1$s">
                    ]>
                    <request protocol="3.0"><app appid="x">&xxe;</app></request>""".formatted(url);

            assertThatThrownBy(() -> codec.decode(utf8(body)))
                    .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                    .hasMessage("DOCTYPE is not allowed");

            listener.setSoTimeout(200);
            assertThatThrownBy(listener::accept).as("the parser must not have connected")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void rejectsEntityReferencesWithoutAnyDeclaration() {
        assertThatThrownBy(() -> codec.decode(utf8("<request protocol=\"3.0\" version=\"&lol9;\"/>")))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class);
    }

    /** A well-formed request of exactly {@code size} bytes, padded with an ignored comment. */
    private static byte[] padded(int size) {
        String head = "<request protocol=\"3.0\"><app appid=\"x\"><ping/></app><!--";
        String tail = "--></request>";
        return utf8(head + "p".repeat(size - head.length() - tail.length()) + tail);
    }

    private static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
