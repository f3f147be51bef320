package dev.platte.gate;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps {@code update_group.gate_hold} equal to "one of the group's gates is unknown and holds". Written only
 * when it changes, as each write bumps the catalog revision and so rebuilds every replica's serving snapshot.
 */
@Component
class GroupGateHold {

    private final GateRepository gates;
    private final JdbcTemplate jdbc;

    GroupGateHold(GateRepository gates, JdbcTemplate jdbc) {
        this.gates = gates;
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void refresh(UUID groupId) {
        // Locked so two replicas evaluating two gates of one group agree on the outcome.
        var current = jdbc.query("SELECT gate_hold FROM update_group WHERE id = ? FOR NO KEY UPDATE",
                (rs, n) -> rs.getBoolean(1), groupId);
        if (current.isEmpty()) {
            return;
        }
        var wanted = gates.anyHolding(groupId);
        if (current.getFirst() != wanted) {
            jdbc.update("UPDATE update_group SET gate_hold = ? WHERE id = ?", wanted, groupId);
        }
    }
}
