package dev.platte.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTests {

    @Test
    void replacesLineBreaksControlAndFormatCharacters() {
        assertThat(Untrusted.printable("a\r\nb\tc\u0000d\u2028e\u202Ef\u0085g", 100)).isEqualTo("a??b?c?d?e?f?g");
    }

    @Test
    void cutsLongTextAtWholeCharacters() {
        assertThat(Untrusted.printable("ab😀cd", 3)).isEqualTo("ab😀…");
        assertThat(Untrusted.printable("abc", 3)).isEqualTo("abc");
        assertThat(Untrusted.printable(null, 3)).isNull();
    }
}
