package dev.platte.catalog;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.common.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackageRulesTests {

    private static final String SHA1 = "I6DGNAOrJRUxPbCuLw+AITfiVMo=";
    private static final String SHA256 = "stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=";
    private static final String HEX = "3aed3129de50b959a97e4913ba485bd60e72d2bb6aa377d5ed404103f0680043";

    private static PackageContent valid() {
        return new PackageContent("3815.2.0", Arch.AMD64, PackageType.FLATCAR, "https://example.com/3815.2.0/",
                "flatcar_production_update.gz", 479970432L, SHA1, SHA256, "",
                List.of(new ExtraFile("oem-azure.gz", 10, SHA1, HEX)));
    }

    @Test
    void acceptsAPackageUpdateEngineCanInstall() {
        assertThatCode(() -> PackageRules.check(valid())).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "version     | 3815.2",
        "codebaseUrl | https://example.com/no-slash",
        "codebaseUrl | /relative/",
        "fileName    | a/b.gz",
        "sha1        | " + SHA256,
        "sha256      | " + SHA1,
        "sha256      | %%%",
    })
    void namesTheFieldThatBreaksARule(String field, String value) {
        var v = valid();
        var content = new PackageContent(
                field.equals("version") ? value : v.version(), v.arch(), v.type(),
                field.equals("codebaseUrl") ? value : v.codebaseUrl(),
                field.equals("fileName") ? value : v.fileName(), v.size(),
                field.equals("sha1") ? value : v.sha1(),
                field.equals("sha256") ? value : v.sha256(), "", v.extraFiles());

        assertThatThrownBy(() -> PackageRules.check(content))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void refusesAnExtraFileNamedLikeTheMainPayload() {
        var v = valid();
        var content = new PackageContent(v.version(), v.arch(), v.type(), v.codebaseUrl(), v.fileName(), v.size(),
                v.sha1(), v.sha256(), "", List.of(new ExtraFile(v.fileName(), 10, SHA1, HEX)));

        assertThatThrownBy(() -> PackageRules.check(content))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.field()).isEqualTo("extraFiles[0].name"));
    }
}
