package dev.platte.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTests {

    @Test
    void escapesLineBreaksSoANodeCannotForgeLogLines() {
        assertThat(LogSafe.of("stable\r\n2026-12-01 WARN forged")).isEqualTo("\"stable\\r\\n2026-12-01 WARN forged\"")
                .doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void escapesOtherControlAndFormatCharacters() {
        assertThat(LogSafe.of("a\u0000b\u001bc\u2028d\u202ee\u0085f")).isEqualTo(
                "\"a\\u0000b\\u001bc\\u2028d\\u202ee\\u0085f\"");
    }

    @Test
    void escapesQuotesAndBackslashesSoTheValueEndsWhereItSays() {
        assertThat(LogSafe.of("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void cutsLongValuesToAFixedLengthAndSaysHowLongTheyWere() {
        var logged = LogSafe.of("x".repeat(60_000));

        assertThat(logged).isEqualTo("\"" + "x".repeat(LogSafe.MAX_CHARS) + "\"...(60000 chars)");
    }

    @Test
    void keepsShortPrintableValuesAsTheyAre() {
        assertThat(LogSafe.of("stable-äöü-🚀")).isEqualTo("\"stable-äöü-🚀\"");
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }
}
