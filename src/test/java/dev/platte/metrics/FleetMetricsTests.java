package dev.platte.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.fleet.FleetStatistics.CensusCell;
import dev.platte.fleet.InstanceStatus;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FleetMetricsTests {

    private static final UUID APP = UUID.randomUUID();
    private static final UUID GROUP = UUID.randomUUID();

    @Test
    void namesTheMostCommonActiveVersionsOfAGroupUpToTheLimit() {
        var cells = List.of(
                cell(GROUP, "3.0.0", InstanceStatus.COMPLETE, 50),
                cell(GROUP, "3.0.0", InstanceStatus.ERROR, 5),
                cell(GROUP, "2.0.0", InstanceStatus.COMPLETE, 40),
                cell(GROUP, "9.9.9-odd", InstanceStatus.UNDEFINED, 1),
                cell(GROUP, "1.0.0", InstanceStatus.UNDEFINED, 0));

        var named = FleetMetrics.namedVersions(cells, 2);

        assertThat(named.get(new FleetMetrics.GroupKey(APP, GROUP))).containsExactlyInAnyOrder("3.0.0", "2.0.0");
    }

    @Test
    void countsVersionsPerGroup_includingInstancesWithoutOne() {
        var other = UUID.randomUUID();
        var cells = List.of(
                cell(GROUP, "3.0.0", InstanceStatus.COMPLETE, 50),
                cell(other, "2.0.0", InstanceStatus.COMPLETE, 1),
                cell(null, "1.0.0", InstanceStatus.UNDEFINED, 7));

        var named = FleetMetrics.namedVersions(cells, 1);

        assertThat(named.get(new FleetMetrics.GroupKey(APP, other))).containsExactly("2.0.0");
        assertThat(named.get(new FleetMetrics.GroupKey(APP, null))).containsExactly("1.0.0");
    }

    private static CensusCell cell(UUID group, String version, InstanceStatus status, long active) {
        return new CensusCell(APP, group, version, status, null, active, active + 1);
    }
}
