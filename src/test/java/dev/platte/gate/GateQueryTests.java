package dev.platte.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GateQueryTests {

    @Test
    void fillsEveryPlaceholder() {
        var query = GateQuery.render(
                "sum(up{group=\"{{group}}\", track=\"{{ track }}\", v=\"{{target_version}}\", p=\"{{previous_version}}\"})",
                Map.of("group", "stable", "track", "stable-amd64", "target_version", "3815.2.0",
                        "previous_version", "3760.2.0"));

        assertThat(query).isEqualTo(
                "sum(up{group=\"stable\", track=\"stable-amd64\", v=\"3815.2.0\", p=\"3760.2.0\"})");
    }

    @Test
    void escapesValuesForAPromqlStringLiteral() {
        var query = GateQuery.render("up{group=\"{{group}}\"}", Map.of("group", "a\"} or vector(1) #\\\n'`"));

        assertThat(query).isEqualTo("up{group=\"a\\\"} or vector(1) #\\\\\\n\\'\\x60\"}");
    }

    @Test
    void leavesDollarSignsAndBackslashesOfValuesIntact() {
        assertThat(GateQuery.render("x{g=\"{{group}}\"}", Map.of("group", "$1"))).isEqualTo("x{g=\"$1\"}");
    }

    @Test
    void namesAnUnknownPlaceholder() {
        assertThat(GateQuery.unknownPlaceholder("up{x=\"{{group}}\", y=\"{{cluster}}\"}")).isEqualTo("cluster");
        assertThat(GateQuery.unknownPlaceholder("up{x=\"{{group}}\"}")).isNull();
    }
}
