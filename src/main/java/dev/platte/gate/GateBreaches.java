package dev.platte.gate;

import dev.platte.rollout.BreachedGates;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Tells the waves whether a group's gates are in breach, as stored by the evaluator. */
@Component
class GateBreaches implements BreachedGates {

    private final GateRepository gates;

    GateBreaches(GateRepository gates) {
        this.gates = gates;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean anyBreached(UUID groupId) {
        return gates.anyBreached(groupId);
    }
}
