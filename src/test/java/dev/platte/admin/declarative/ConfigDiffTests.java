package dev.platte.admin.declarative;

import static dev.platte.admin.declarative.ConfigFormatsTests.document;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTests {

    @Test
    void findsNothingBetweenEqualDocuments() {
        assertThat(ConfigDiff.between(document(3600, "3815.2.0"), document(3600, "3815.2.0"))).isEmpty();
    }

    @Test
    void listsEachChangedFieldWithItsOldAndNewValue() {
        var changes = ConfigDiff.between(document(3600, "3815.2.0"), document(7200, "3510.2.0"));

        assertThat(changes).extracting(ConfigDiff.Change::kind, ConfigDiff.Change::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("channel", "stable amd64"),
                        org.assertj.core.groups.Tuple.tuple("group", "Stable"));
        assertThat(changes.get(1).fields()).singleElement().satisfies(field -> {
            assertThat(field.field()).isEqualTo("policy.pollIntervalSeconds");
            assertThat(field.from().asInt()).isEqualTo(3600);
            assertThat(field.to().asInt()).isEqualTo(7200);
        });
    }

    @Test
    void listsObjectsCreatedAndDeleted() {
        var empty = new ConfigDocument(ConfigDocument.API_VERSION, ConfigDocument.KIND, List.of());

        var created = ConfigDiff.between(empty, document(3600, "3815.2.0"));
        var deleted = ConfigDiff.between(document(3600, "3815.2.0"), empty);

        assertThat(created).extracting(c -> c.action() + " " + c.kind() + " " + c.key()).containsExactly(
                "CREATE application Flatcar", "CREATE package 3815.2.0 amd64", "CREATE channel stable amd64",
                "CREATE floor stable amd64 3510.2.0", "CREATE revocation 3033.2.0 amd64", "CREATE group Stable");
        assertThat(created.get(5).fields()).extracting(ConfigDiff.FieldChange::field)
                .contains("name", "track", "channel", "arch", "policy.pollIntervalSeconds", "policy.ramp.duration",
                        "policy.maintenanceWindows[0].timeZone");
        assertThat(created.get(5).fields()).allSatisfy(field -> assertThat(field.from()).isNull());
        assertThat(deleted).allSatisfy(c -> assertThat(c.action()).isEqualTo(ConfigDiff.Action.DELETE)).hasSize(6);
        assertThat(deleted).allSatisfy(c -> assertThat(c.fields()).isEmpty());
    }
}
