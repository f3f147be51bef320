package dev.platte.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionsTests {

    @ParameterizedTest
    @ValueSource(strings = {"2512.2.0", "0.0.0", "444.0.0+2014-09-22-1720", "1010.5.0+2016-05-27-1832", "4230.2.4",
        "1.0.0-rc.1"})
    void acceptsVersionsUpdateEngineReports(String version) {
        assertThat(Versions.isValid(version)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ForcedUpdate", "1.2", "1.2.3.4", "v1.2.3", "01.2.3"})
    void rejectsWhatIsNotSemver(String version) {
        assertThat(Versions.isValid(version)).isFalse();
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "3815.2.0, 3760.2.0, 1",
        "3760.2.0, 3815.2.0, -1",
        "3815.2.0, 3815.2.0, 0",
        "3815.2.0+build.1, 3815.2.0+build.2, 0",
        "3815.2.0, 3815.2.0-rc.1, 1",
        "10.0.0, 9.0.0, 1",
    })
    void comparesIgnoringBuildMetadata(String a, String b, int expected) {
        assertThat(Integer.signum(Versions.compare(a, b))).isEqualTo(expected);
    }
}
