package dev.platte.admin.api;

import dev.platte.admin.api.ApiViews.InstanceView;
import dev.platte.fleet.FleetService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/instances")
class InstanceApiController {

    private final FleetService fleet;

    InstanceApiController(FleetService fleet) {
        this.fleet = fleet;
    }

    /** One instance with, per application, its state, status history and events. */
    @GetMapping("/{machineId}")
    InstanceView get(@PathVariable String machineId) {
        return InstanceView.of(fleet.instance(machineId));
    }
}
