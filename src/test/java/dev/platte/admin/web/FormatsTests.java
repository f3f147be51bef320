package dev.platte.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.common.Count;
import org.junit.jupiter.api.Test;

class FormatsTests {

    @Test
    void writesAnExactCountAsItIs() {
        assertThat(Formats.count(Count.exactly(0))).isEqualTo("0");
        assertThat(Formats.count(Count.exactly(9_999))).isEqualTo(Formats.number(9_999));
    }

    @Test
    void writesAnEstimateRoundedToTwoDigitsAndSaysSo() {
        assertThat(Formats.count(Count.about(10_001))).isEqualTo("about " + Formats.number(10_000));
        assertThat(Formats.count(Count.about(123_456))).isEqualTo("about " + Formats.number(120_000));
        assertThat(Formats.count(Count.about(987_654))).isEqualTo("about " + Formats.number(990_000));
        assertThat(Formats.count(Count.about(1_234_567))).isEqualTo("about 1.2 million");
        assertThat(Formats.count(Count.about(12_345_678))).isEqualTo("about 12.3 million");
    }
}
