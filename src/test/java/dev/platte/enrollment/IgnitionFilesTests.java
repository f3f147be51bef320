package dev.platte.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class IgnitionFilesTests {

    @Test
    void escapesTextAsButaneDoes() {
        // butane --strict on "inline: Hello, world!\n" prints this source (coreos/butane docs).
        assertThat(IgnitionFiles.dataUrl("Hello, world!\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new IgnitionFiles.DataUrl("data:,Hello%2C%20world!%0A", ""));
        assertThat(IgnitionFiles.escape("a-_.!~*'()z=:/ %\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("a-_.!~*'()z%3D%3A%2F%20%25%22");
    }

    @Test
    void writesAnUpdateConfAsTheIgnitionButaneCompilesItTo() {
        var conf = "SERVER=https://updates.example.com/v1/update/\nGROUP=stable\n";

        assertThat(IgnitionFiles.config("/etc/flatcar/update.conf", 0644, conf)).isEqualTo(
                "{\"ignition\":{\"version\":\"3.3.0\"},\"storage\":{\"files\":[{\"overwrite\":true,"
                        + "\"path\":\"/etc/flatcar/update.conf\",\"contents\":{\"compression\":\"\",\"source\":"
                        + "\"data:,SERVER%3Dhttps%3A%2F%2Fupdates.example.com%2Fv1%2Fupdate%2F%0AGROUP%3Dstable%0A\"},"
                        + "\"mode\":420}]}}");
    }

    @Test
    void writesTheButaneConfigThatCompilesToIt() {
        assertThat(IgnitionFiles.butane("/etc/flatcar/update.conf", 0644, "SERVER=http://p/v1/update/\nGROUP=beta\n"))
                .isEqualTo("""
                        variant: flatcar
                        version: 1.0.0
                        storage:
                          files:
                            - path: /etc/flatcar/update.conf
                              overwrite: true
                              mode: 0644
                              contents:
                                inline: |
                                  SERVER=http://p/v1/update/
                                  GROUP=beta
                        """);
    }

    @Test
    void choosesBase64WhenEscapingWouldBeLonger() {
        var binary = new byte[64];
        for (var i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 37 + 128);
        }

        var url = IgnitionFiles.dataUrl(binary);

        assertThat(url.compression()).isEmpty();
        assertThat(url.source()).isEqualTo("data:;base64," + Base64.getEncoder().encodeToString(binary));
    }

    @Test
    void gzipsContentsThatCompressWellAndTheyDecompressToTheSameBytes() throws IOException {
        var text = "GROUP=stable\n".repeat(200).getBytes(StandardCharsets.UTF_8);

        var url = IgnitionFiles.dataUrl(text);

        assertThat(url.compression()).isEqualTo("gzip");
        assertThat(url.source()).startsWith("data:;base64,H4sIAAAAAAAC/");
        var gzipped = Base64.getDecoder().decode(url.source().substring("data:;base64,".length()));
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
    }
}
