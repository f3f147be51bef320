package dev.platte.fleetlock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ApiFixture;
import dev.platte.support.Form;
import dev.platte.support.PageSession;
import dev.platte.support.ServerTest;
import org.junit.jupiter.api.Test;

/** The reboot group form: typed values bound by Spring, refused ones named on the page. */
class RebootGroupPageIntegrationTests extends ServerTest {

    @Test
    void configuresARebootGroupFromThePageAndNamesAValueThatIsNotADuration() throws Exception {
        var session = PageSession.admin(mvc, port);
        var name = ApiFixture.unique("workers").replaceAll("[^a-zA-Z0-9.-]", "-");

        var refused = session.submit("/reboot-groups/configure",
                Form.of("name", name, "slots", "2", "tie", "none", "maxHold", "soon"));
        assertThat(refused).hasStatus(302);
        assertThat(session.page("/reboot-groups").html()).contains("maxHold: is not a duration");
        assertThat(client.get("/api/v1/reboot-groups/" + name).statusCode()).isEqualTo(404);

        var saved = session.submit("/reboot-groups/configure",
                Form.of("name", name, "slots", "2", "tie", "none", "maxHold", "2h", "windowsOnly", "true"));
        assertThat(saved).hasStatus(302);
        var group = client.getJson("/api/v1/reboot-groups/" + name);
        assertThat(group.get("slots").asInt()).isEqualTo(2);
        assertThat(group.get("tie").asString()).isEqualTo("none");
        assertThat(group.get("maxHold").asString()).isEqualTo("PT2H");
        assertThat(group.get("windowsOnly").asBoolean()).isTrue();
    }
}
