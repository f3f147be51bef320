package dev.platte.admin.declarative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.platte.admin.declarative.ConfigDocument.SecretRef;
import dev.platte.common.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class SecretReferencesTests {

    @TempDir
    Path directory;

    private SecretReferences references(Path secretsDir) {
        return new SecretReferences(new MockEnvironment().withProperty("platte.config.secrets.hook", "from-a-property")
                .withProperty("spring.datasource.password", "database"),
                new ConfigFileProperties(null, Duration.ofSeconds(10), false, secretsDir));
    }

    @Test
    void readsAPropertyOrAFileInTheSecretsDirectoryWithoutItsTrailingNewline() throws IOException {
        Files.createDirectories(directory.resolve("hooks"));
        Files.writeString(directory.resolve("hooks/ops"), "from-a-file\n");

        var references = references(directory);

        assertThat(references.resolve(new SecretRef(null, "platte.config.secrets.hook", null), "secretRef"))
                .isEqualTo("from-a-property");
        assertThat(references.resolve(new SecretRef(null, null, "hooks/ops"), "secretRef")).isEqualTo("from-a-file");
        assertThat(references.resolve(new SecretRef(null, null, "hooks/missing"), "secretRef")).isNull();
        assertThat(references.resolve(new SecretRef(null, "platte.config.secrets.unset", null), "secretRef")).isNull();
    }

    @Test
    void refusesReferencesToOtherSecretsOfTheServer() throws IOException {
        var outside = Files.writeString(Files.createTempFile("outside", ".txt"), "elsewhere");
        Files.createSymbolicLink(directory.resolve("link"), outside);
        var references = references(directory);

        assertThatThrownBy(() -> references.resolve(new SecretRef(null, "spring.datasource.password", null), "secretRef"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("secretRef.property"));
        assertThatThrownBy(() -> references.resolve(new SecretRef("SPRING_DATASOURCE_PASSWORD", null, null), "secretRef"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("secretRef.env"));
        assertThatThrownBy(() -> references.resolve(new SecretRef(null, null, "../etc/passwd"), "secretRef"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("secretRef.file"));
        assertThatThrownBy(() -> references.resolve(new SecretRef(null, null, "link"), "secretRef"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("outside"));
        assertThatThrownBy(() -> references(null).resolve(new SecretRef(null, null, "hooks/ops"), "secretRef"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("secrets-dir"));
        assertThatThrownBy(() -> SecretReferences.format(new SecretRef("PLATTE_WEBHOOK_SECRET_A", "x", null), "secretRef"))
                .isInstanceOf(InvalidInputException.class);
        Files.delete(outside);
    }

    @Test
    void storesAReferenceAsTextAndReadsItBack() {
        var ref = new SecretRef("PLATTE_WEBHOOK_SECRET_OPS", null, null);

        assertThat(SecretReferences.parse(SecretReferences.format(ref, "secretRef"))).isEqualTo(ref);
        assertThat(SecretReferences.placeholder("ops-chat.1")).isEqualTo(new SecretRef("PLATTE_WEBHOOK_SECRET_OPS_CHAT_1", null, null));
    }
}
