package dev.platte.admin.web;

import dev.platte.catalog.Application;
import dev.platte.common.InvalidInputException;
import dev.platte.enrollment.EnrollmentService;
import dev.platte.rollout.GroupService;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The enrollment block of a group's page (loaded into it by htmx): update.conf, Butane, Ignition, FleetLock. */
@Controller
class EnrollmentPageController {

    private static final String FRAGMENT = "groups/enrollment :: enrollment";

    private final EnrollmentService enrollment;
    private final GroupService groups;

    EnrollmentPageController(EnrollmentService enrollment, GroupService groups) {
        this.enrollment = enrollment;
        this.groups = groups;
    }

    @GetMapping("/apps/{app}/groups/{id}/enrollment")
    String enrollment(Application app, @PathVariable UUID id,
            @RequestParam(defaultValue = "") String machineAlias, Model model) {
        var base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        model.addAttribute("app", app);
        model.addAttribute("group", groups.group(app, id));
        model.addAttribute("machineAlias", machineAlias);
        try {
            model.addAttribute("enrollment", enrollment.enrollment(app, id, machineAlias, base));
        } catch (InvalidInputException e) {
            model.addAttribute("aliasError", e.getMessage());
            model.addAttribute("enrollment", enrollment.enrollment(app, id, null, base));
        }
        return FRAGMENT;
    }
}
