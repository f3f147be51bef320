package dev.platte.omaha.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a request may carry at most: beyond it the whole request is refused, never partly read. */
class OmahaRequestCapsTests {

    private final OmahaCodec codec = new OmahaCodec();

    private static byte[] request(String apps) {
        return ("<request protocol=\"3.0\">" + apps + "</request>").getBytes(StandardCharsets.UTF_8);
    }

    private static String app(int events) {
        return "<app appid=\"x\" machineid=\"m\"><updatecheck/>"
                + "<event eventtype=\"3\" eventresult=\"2\"/>".repeat(events) + "</app>";
    }

    @Test
    void readsUpToTheAppCap() throws Exception {
        var decoded = codec.decode(request(app(0).repeat(OmahaCodec.MAX_APPS_PER_REQUEST)));

        assertThat(decoded.apps()).hasSize(OmahaCodec.MAX_APPS_PER_REQUEST);
    }

    @Test
    void refusesARequestWithMoreAppsThanTheCap() {
        assertThatThrownBy(() -> codec.decode(request(app(0).repeat(600))))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .hasMessage("more than " + OmahaCodec.MAX_APPS_PER_REQUEST + " <app> elements");
    }

    @Test
    void readsUpToTheEventCapAndRefusesMore() throws Exception {
        assertThat(codec.decode(request(app(OmahaCodec.MAX_EVENTS_PER_APP))).apps().getFirst().events())
                .hasSize(OmahaCodec.MAX_EVENTS_PER_APP);
        assertThatThrownBy(() -> codec.decode(request(app(1_600))))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                .hasMessageContaining("more than " + OmahaCodec.MAX_EVENTS_PER_APP + " <event> elements");
    }

    @Test
    void refusesAnAttributeLongerThanTheCapWhereverItIs() {
        var tooLong = "t".repeat(OmahaCodec.MAX_ATTRIBUTE_CHARS + 1);
        for (var xml : new String[] {
                "<request protocol=\"3.0\" version=\"" + tooLong + "\"/>",
                "<request protocol=\"3.0\"><os platform=\"" + tooLong + "\"/></request>",
                "<request protocol=\"3.0\"><app appid=\"x\" track=\"" + tooLong + "\"/></request>",
                "<request protocol=\"3.0\"><app appid=\"x\" unknown=\"" + tooLong + "\"/></request>",
                "<request protocol=\"3.0\"><app appid=\"x\"><event previousversion=\"" + tooLong + "\"/></app></request>"}) {
            assertThatThrownBy(() -> codec.decode(xml.getBytes(StandardCharsets.UTF_8)))
                    .as(xml.substring(0, 40))
                    .isExactlyInstanceOf(MalformedOmahaRequestException.class)
                    .hasMessageContaining("is longer than " + OmahaCodec.MAX_ATTRIBUTE_CHARS + " characters");
        }
    }

    @Test
    void keepsAnAttributeOfExactlyTheCap() throws Exception {
        var longest = "t".repeat(OmahaCodec.MAX_ATTRIBUTE_CHARS);

        var decoded = codec.decode(request("<app appid=\"x\" track=\"" + longest + "\"/>"));

        assertThat(decoded.apps().getFirst().track()).isEqualTo(longest);
    }

    @Test
    void countsEntityReferencesAsTheCharactersTheyStandFor() {
        var encoded = "&#10;".repeat(OmahaCodec.MAX_ATTRIBUTE_CHARS + 1);

        assertThatThrownBy(() -> codec.decode(request("<app appid=\"x\" track=\"" + encoded + "\"/>")))
                .isExactlyInstanceOf(MalformedOmahaRequestException.class);
    }
}
