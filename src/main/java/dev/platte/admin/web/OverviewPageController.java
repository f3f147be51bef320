package dev.platte.admin.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page: every application, what its fleet runs, which groups move, and what just happened. */
@Controller
class OverviewPageController {

    private static final String OVERVIEW = "overview";

    private final Dashboard dashboard;

    OverviewPageController(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("applications", dashboard.overview());
        model.addAttribute("activity", dashboard.latestActivity(null, null, 12));
        return OVERVIEW;
    }
}
