package dev.platte.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpdateEngineErrorsTests {

    @Test
    void labelsAKnownCodeWithoutItsFlags() {
        assertThat(UpdateEngineErrors.label(268435466L)).isEqualTo("10");
        assertThat(UpdateEngineErrors.label(0)).isEqualTo("0");
        assertThat(UpdateEngineErrors.label(2404)).isEqualTo("2404");
    }

    @Test
    void labelsEveryUndefinedCodeAlike() {
        assertThat(UpdateEngineErrors.label(123456)).isEqualTo("unknown");
        assertThat(UpdateEngineErrors.label(2999)).isEqualTo("unknown");
        assertThat(UpdateEngineErrors.label(-1)).isEqualTo("unknown");
    }
}
