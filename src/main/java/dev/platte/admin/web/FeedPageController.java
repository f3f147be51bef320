package dev.platte.admin.web;

import dev.platte.activity.ActivityFilter;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.ActivityService;
import dev.platte.activity.Severity;
import dev.platte.audit.AuditFilter;
import dev.platte.audit.AuditTrail;
import dev.platte.catalog.ApplicationService;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The activity feed for everyone, and the audit log for admins. */
@Controller
class FeedPageController {

    private static final String ACTIVITY = "feed/activity";
    private static final String AUDIT = "feed/audit";
    private static final int PAGE_SIZE = 50;

    private final ActivityService activity;
    private final AuditTrail audit;
    private final ApplicationService applicationService;

    FeedPageController(ActivityService activity, AuditTrail audit, ApplicationService applicationService) {
        this.activity = activity;
        this.audit = audit;
        this.applicationService = applicationService;
    }

    record AuditRow(String at, String actor, String action, String target, String before, String after) {}

    @GetMapping("/activity")
    String activity(@RequestParam(required = false) String app, @RequestParam(required = false) UUID group,
            @RequestParam(required = false) String severity, @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "0") int page, Model model) {
        var applicationId = app == null || app.isBlank() ? null : applicationService.application(app).id();
        var filter = new ActivityFilter(applicationId, group, parse(severity, Severity.values()),
                parse(kind, ActivityKind.values()), null, null);
        var found = activity.list(filter, PageRequest.of(Math.max(page, 0), PAGE_SIZE, Sort.by(Sort.Direction.DESC,
                "createdAt")));
        model.addAttribute("rows", found.content().stream()
                .map(a -> new Dashboard.ActivityRow(a, Formats.time(a.createdAt()))).toList());
        PageLinks.add(model, found);
        model.addAttribute("applications", applicationService.applications());
        model.addAttribute("severities", Arrays.stream(Severity.values()).map(Severity::wireName).toList());
        model.addAttribute("kinds", Arrays.stream(ActivityKind.values()).map(ActivityKind::wireName).toList());
        model.addAttribute("filter", new String[] {app, severity, kind});
        return ACTIVITY;
    }

    @GetMapping("/audit")
    String audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType, @RequestParam(defaultValue = "0") int page, Model model) {
        var found = audit.list(new AuditFilter(blankToNull(actor), blankToNull(action), blankToNull(targetType), null,
                null, null), PageRequest.of(Math.max(page, 0), PAGE_SIZE, Sort.by(Sort.Direction.DESC, "createdAt")));
        model.addAttribute("rows", found.content().stream().map(e -> new AuditRow(Formats.time(e.createdAt()),
                e.actor(), e.action(), e.targetType() + " " + e.targetId(), e.beforeJson(), e.afterJson())).toList());
        PageLinks.add(model, found);
        model.addAttribute("filter", new String[] {actor, action, targetType});
        return AUDIT;
    }

    private static <E extends Enum<E>> E parse(String value, E[] values) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(values).filter(e -> e.name().equalsIgnoreCase(value.replace('-', '_')))
                .findFirst().orElse(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
