package dev.platte.admin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class PageBindingTests {

    @Test
    void readsDurationsInIsoOrShortFormAndZeroAsNone() {
        assertThat(PageBinding.duration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(PageBinding.duration("p2d")).isEqualTo(Duration.ofDays(2));
        assertThat(PageBinding.duration("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PageBinding.duration("30 s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PageBinding.duration("12H")).isEqualTo(Duration.ofHours(12));
        assertThat(PageBinding.duration("0")).isZero();
        assertThatThrownBy(() -> PageBinding.duration("soon")).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void readsSizesWithTheSeparatorsPeopleType() throws Exception {
        var sizes = new PageBinding.TextFormatter<>(PageBinding::wholeNumber);
        assertThat(sizes.parse(" 40,897,503 ", null)).isEqualTo(40_897_503L);
        assertThat(sizes.parse("1_024", null)).isEqualTo(1_024L);
    }
}
