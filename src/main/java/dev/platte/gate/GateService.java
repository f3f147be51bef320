package dev.platte.gate;

import dev.platte.catalog.Application;
import dev.platte.audit.AuditTrail;
import dev.platte.common.ConflictException;
import dev.platte.common.NotFoundException;
import dev.platte.rollout.GroupService;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A group's health gates: adding, changing and removing them, audited. */
@Service
@Transactional
public class GateService {

    static final int MAX_GATES_PER_GROUP = 20;

    private final GateRepository gates;
    private final GroupService groups;
    private final GroupGateHold holds;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    GateService(GateRepository gates, GroupService groups, GroupGateHold holds, ApplicationEventPublisher publisher,
            Clock clock) {
        this.gates = gates;
        this.groups = groups;
        this.holds = holds;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Gate> gates(Application application, UUID groupId) {
        return gates.findByGroupIdOrderByName(groups.group(application, groupId).id());
    }

    @Transactional(readOnly = true)
    public Gate gate(Application application, UUID groupId, UUID gateId) {
        var group = groups.group(application, groupId);
        return gates.findByIdAndGroupId(gateId, group.id())
                .orElseThrow(() -> new NotFoundException("no gate " + gateId + " in group " + group.name()));
    }

    public Gate create(Application application, UUID groupId, GateSettings settings) {
        var group = groups.group(application, groupId);
        if (gates.existsByGroupIdAndName(group.id(), settings.name())) {
            throw new ConflictException("group " + group.name() + " already has a gate named " + settings.name());
        }
        if (gates.findByGroupIdOrderByName(group.id()).size() >= MAX_GATES_PER_GROUP) {
            throw new ConflictException("a group has at most " + MAX_GATES_PER_GROUP + " gates");
        }
        var gate = gates.save(new Gate(group.id(), settings, clock.instant()));
        publisher.publishEvent(new GateCreated(gate.groupId(), gate.id(), gate.name(), gate.snapshot(),
                AuditTrail.currentActor()));
        return gate;
    }

    public Gate update(Application application, UUID groupId, UUID gateId, GateSettings settings) {
        var gate = gate(application, groupId, gateId);
        if (!gate.name().equals(settings.name()) && gates.existsByGroupIdAndName(gate.groupId(), settings.name())) {
            throw new ConflictException("the group already has a gate named " + settings.name());
        }
        var before = gate.snapshot();
        gate.change(settings, clock.instant());
        publisher.publishEvent(new GateUpdated(gate.groupId(), gate.id(), gate.name(), before, gate.snapshot(),
                AuditTrail.currentActor()));
        gates.flush();
        holds.refresh(gate.groupId());
        return gate;
    }

    public void delete(Application application, UUID groupId, UUID gateId) {
        var gate = gate(application, groupId, gateId);
        gates.delete(gate);
        publisher.publishEvent(new GateDeleted(gate.groupId(), gate.id(), gate.name(), gate.snapshot(),
                AuditTrail.currentActor()));
        gates.flush();
        holds.refresh(gate.groupId());
    }
}
