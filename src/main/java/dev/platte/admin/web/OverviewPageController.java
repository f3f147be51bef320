package dev.platte.admin.web;

import dev.platte.sync.Syncer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page: every application, what its fleet runs, which groups move, and what just happened. */
@Controller
class OverviewPageController {

    private static final String OVERVIEW = "overview";

    private final Dashboard dashboard;
    private final Syncer syncer;

    OverviewPageController(Dashboard dashboard, Syncer syncer) {
        this.dashboard = dashboard;
        this.syncer = syncer;
    }

    /** One upstream channel's last sync, for the overview. */
    record SyncRow(String what, String lastAttempt, String lastSuccess, String lastError, String lastChange,
            String upstreamVersion) {}

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("applications", dashboard.overview());
        model.addAttribute("activity", dashboard.latestActivity(null, null, 12));
        model.addAttribute("syncs", syncer.states().stream()
                .map(s -> new SyncRow(s.key().upstream() + ": " + s.key().channel() + " (" + s.key().arch() + ")",
                        Formats.time(s.lastAttemptAt()), Formats.time(s.lastSuccessAt()), s.lastError(),
                        s.lastChange(), s.upstreamVersion()))
                .toList());
        return OVERVIEW;
    }
}
