package dev.platte.admin.api;

import dev.platte.catalog.Application;
import dev.platte.enrollment.Enrollment;
import dev.platte.enrollment.EnrollmentService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@Tag(name = "Groups")
class EnrollmentApiController {

    private final EnrollmentService enrollment;

    EnrollmentApiController(EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    @GetMapping("/api/v1/apps/{app}/groups/{id}/enrollment")
    @Operation(summary = "What a node needs to join the group: update.conf, as Butane and as Ignition, and "
            + "FleetLock settings (SERVER uses platte.public-url, or this request's address when unset)")
    Enrollment enrollment(Application app, @PathVariable UUID id,
            @RequestParam(required = false) String machineAlias) {
        return enrollment.enrollment(app, id, machineAlias,
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString());
    }
}
