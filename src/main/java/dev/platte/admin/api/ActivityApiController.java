package dev.platte.admin.api;

import dev.platte.activity.ActivityFilter;
import dev.platte.activity.ActivityKind;
import dev.platte.activity.ActivityService;
import dev.platte.activity.Severity;
import dev.platte.admin.api.ApiViews.ActivityView;
import dev.platte.admin.api.ApiViews.PageView;
import dev.platte.catalog.ApplicationService;
import dev.platte.common.WireEnums;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The activity feed, newest first: rollouts started and completed, pauses, failures, promotions. */
@RestController
@Tag(name = "Activity", description = "Rollouts started and completed, pauses, failures, promotions, revocations.")
@RequestMapping("/api/v1/activity")
class ActivityApiController {

    private final ActivityService activity;
    private final ApplicationService applicationService;

    ActivityApiController(ActivityService activity, ApplicationService applicationService) {
        this.activity = activity;
        this.applicationService = applicationService;
    }

    @GetMapping
    PageView<ActivityView> list(
            @RequestParam(required = false) String app,
            @RequestParam(required = false) UUID group,
            @RequestParam(required = false) String severity,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant until,
            @PageableDefault(size = 50, sort = "createdAt", direction = Sort.Direction.DESC) Pageable page) {
        var applicationId = app == null || app.isBlank() ? null : applicationService.application(app).id();
        var filter = new ActivityFilter(applicationId, group, WireEnums.parse("severity", severity, Severity.values()),
                WireEnums.parse("kind", kind, ActivityKind.values()), since, until);
        return PageView.of(activity.list(filter, page), ActivityView::of);
    }
}
