package dev.platte.admin.api;

import dev.platte.catalog.Application;
import dev.platte.admin.api.ApiRequests.GroupRequest;
import dev.platte.admin.api.ApiRequests.PauseRequest;
import dev.platte.admin.api.ApiRequests.ResumeRequest;
import dev.platte.admin.api.ApiViews.GroupView;
import dev.platte.admin.api.ApiViews.InstanceSummaryView;
import dev.platte.admin.api.ApiViews.PageView;
import dev.platte.common.InvalidInputException;
import dev.platte.common.WireEnums;
import dev.platte.fleet.InstanceListing;
import dev.platte.fleet.InstanceStatus;
import dev.platte.fleet.FleetStatistics;
import dev.platte.fleet.TimelineRange;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import dev.platte.rollout.WaveEvaluator;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Groups", description = "Which channel a set of nodes follows, the rollout policy, pause/resume, statistics.")
@RequestMapping("/api/v1/apps/{app}/groups")
class GroupApiController {

    private final GroupService groups;
    private final InstanceListing listing;
    private final FleetStatistics statistics;
    private final WaveEvaluator waves;

    GroupApiController(GroupService groups, InstanceListing listing, FleetStatistics statistics, WaveEvaluator waves) {
        this.waves = waves;
        this.groups = groups;
        this.listing = listing;
        this.statistics = statistics;
    }

    @GetMapping
    List<GroupView> list(Application app) {
        return groups.groups(app).stream().map(GroupView::of).toList();
    }

    /** The group with its policy, pause state and the rollout of its current target. */
    @GetMapping("/{id}")
    ResponseEntity<GroupView> get(Application app, @PathVariable UUID id) {
        var group = groups.group(app, id);
        return ResponseEntity.ok().eTag(ETags.of(group.rowVersion()))
                .body(GroupView.of(group, groups.rollout(group.id()).orElse(null),
                        statistics.breakdownOfGroup(group.id()).holdReasons(), waves.status(group).orElse(null)));
    }

    @PostMapping
    ResponseEntity<GroupView> create(Application app, @Valid @RequestBody GroupRequest request) {
        var created = groups.createGroup(app, request.toSpec(UpdateGroup.PolicySettings.defaults()));
        return ResponseEntity.created(URI.create("/api/v1/apps/" + created.applicationId() + "/groups/" + created.id()))
                .body(GroupView.of(created));
    }

    /** Send the ETag of your read as If-Match, and an edit made meanwhile by someone else is refused (412). */
    @PutMapping("/{id}")
    ResponseEntity<GroupView> update(Application app, @PathVariable UUID id,
            @Valid @RequestBody GroupRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = groups.group(app, id).policySettings();
        var updated = groups.updateGroup(app, id, request.toSpec(current), ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag(ETags.of(updated.rowVersion())).body(GroupView.of(updated));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Application app, @PathVariable UUID id) {
        groups.deleteGroup(app, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/pause")
    GroupView pause(Application app, @PathVariable UUID id, @Valid @RequestBody PauseRequest request,
            Principal principal) {
        return GroupView.of(groups.pause(app, id, request.reason(), principal.getName()));
    }

    @PostMapping("/{id}/resume")
    GroupView resume(Application app, @PathVariable UUID id,
            @Valid @RequestBody(required = false) ResumeRequest request, Principal principal) {
        return GroupView.of(groups.resume(app, id, request == null ? null : request.reason(), principal.getName()));
    }

    @GetMapping("/{id}/stats")
    GroupStatsView stats(Application app, @PathVariable UUID id) {
        var group = groups.group(app, id);
        var breakdown = statistics.breakdownOfGroup(group.id());
        return new GroupStatsView(breakdown.versions(), breakdown.statuses());
    }

    /** Status changes ({@code kind=status}) or completed updates per version ({@code kind=version}) over time. */
    @GetMapping("/{id}/timeline")
    FleetStatistics.Timeline timeline(Application app, @PathVariable UUID id,
            @RequestParam(defaultValue = "status") String kind, @RequestParam(defaultValue = "1d") String range) {
        var group = groups.group(app, id);
        TimelineRange parsed;
        try {
            parsed = TimelineRange.fromLabel(range);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("range", "must be one of 1h, 1d, 7d, 30d");
        }
        return switch (kind) {
            case "status" -> statistics.statusTimeline(group.id(), parsed);
            case "version" -> statistics.versionTimeline(group.id(), parsed);
            default -> throw new InvalidInputException("kind", "must be status or version");
        };
    }

    record GroupStatsView(FleetStatistics.Breakdown versions, FleetStatistics.Breakdown statuses) {}

    @GetMapping("/{id}/instances")
    PageView<InstanceSummaryView> instances(Application app, @PathVariable UUID id,
            @RequestParam(required = false) String status, @RequestParam(required = false) String version,
            @PageableDefault(size = 50, sort = "lastCheckAt", direction = Sort.Direction.DESC) Pageable page) {
        var group = groups.group(app, id);
        return PageView.of(listing.instancesOfGroup(group.id(), WireEnums.parse("status", status, InstanceStatus.values()), version, page),
                InstanceSummaryView::of);
    }
}
