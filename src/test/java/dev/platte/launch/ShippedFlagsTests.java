package dev.platte.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ShippedJvm#FLAGS} is the one list of JVM flags Platte ships with; the pom (spring-boot:run), the image
 * and the Helm chart carry the same words, so a change to one that forgets another fails here.
 */
class ShippedFlagsTests {

    private static final String SHIPPED = String.join(" ", ShippedJvm.FLAGS);

    @Test
    void springBootRunStartsWithTheShippedFlags() throws IOException {
        // and native access, for the restart onto the ahead-of-time cache (the jar's manifest grants it there)
        assertThat(first("pom.xml", "<spring-boot\\.run\\.jvmArguments>([^<]*)</"))
                .isEqualTo(SHIPPED + " --enable-native-access=ALL-UNNAMED");
    }

    @Test
    void theImageStartsWithTheShippedFlags() throws IOException {
        assertThat(first("Dockerfile", "JAVA_TOOL_OPTIONS=\"([^\"]*)\"")).isEqualTo(SHIPPED);
    }

    @Test
    void theHelmChartStartsWithTheShippedFlags() throws IOException {
        assertThat(first("charts/platte/values.yaml", "(?m)^javaToolOptions: \"([^\"]*)\"")).isEqualTo(SHIPPED);
    }

    private static String first(String file, String regex) throws IOException {
        var matcher = Pattern.compile(regex).matcher(Files.readString(Path.of(file)));
        assertThat(matcher.find()).as("%s in %s", regex, file).isTrue();
        return matcher.group(1).strip();
    }
}
