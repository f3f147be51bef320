package dev.platte.admin.web;

import dev.platte.catalog.Application;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.ChannelService;
import dev.platte.gate.AlertReceiver;
import dev.platte.gate.GateService;
import dev.platte.common.InvalidInputException;
import dev.platte.fleet.FleetStatistics;
import dev.platte.fleet.TimelineRange;
import dev.platte.rollout.ExtensionGuard;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import dev.platte.rollout.WaveEvaluator;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * A group: its rollout in words, pause and resume, versions and statuses, timelines and policy. The
 * progress block refreshes itself (htmx polling) while the page is open.
 */
@Controller
class GroupPageController {

    private static final String DETAIL = "groups/detail";

    private final PackageService packageService;
    private final ChannelService channelService;
    private final GroupService groups;
    private final FleetStatistics statistics;
    private final Dashboard dashboard;
    private final JsonMapper json;
    private final ExtensionGuard extensions;
    private final GateService gates;
    private final AlertReceiver alerts;
    private final WaveEvaluator waves;

    GroupPageController(PackageService packageService, ChannelService channelService, GroupService groups,
            FleetStatistics statistics, Dashboard dashboard, JsonMapper json, ExtensionGuard extensions,
            GateService gates, AlertReceiver alerts, WaveEvaluator waves) {
        this.waves = waves;
        this.extensions = extensions;
        this.alerts = alerts;
        this.gates = gates;
        this.packageService = packageService;
        this.channelService = channelService;
        this.groups = groups;
        this.statistics = statistics;
        this.dashboard = dashboard;
        this.json = json;
    }

    @GetMapping("/apps/{app}/groups/{id}")
    String group(Application app, @PathVariable UUID id,
            @RequestParam(defaultValue = "1d") String range, Model model) {
        var group = groups.group(app, id);
        progress(app, group, model);
        timelines(group, range, model);
        model.addAttribute("policy", group.policySettings());
        model.addAttribute("policySummary", Dashboard.policySummary(group));
        model.addAttribute("windows", group.policySettings().windows().stream()
                .map(w -> w.days().stream().sorted().map(d -> d.name().substring(0, 3)).toList() + " "
                        + w.start() + "–" + w.end() + " " + w.zone().getId())
                .toList());
        model.addAttribute("activity", dashboard.latestActivity(group.applicationId(), group.id(), 15));
        model.addAttribute("missingExtensions", extensions.forGroup(group));
        model.addAttribute("gates", gates.gates(app, id));
        var alertSettings = alerts.settings(app, id);
        model.addAttribute("alertSettings", alertSettings);
        model.addAttribute("alertMatchers", alertSettings.matchers().labels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(java.util.stream.Collectors.joining("\n")));
        return DETAIL;
    }

    /** The block that polls itself: rollout state, versions, statuses, hold reasons. */
    @GetMapping("/apps/{app}/groups/{id}/progress")
    String progressFragment(Application app, @PathVariable UUID id, Model model) {
        progress(app, groups.group(app, id), model);
        return DETAIL + " :: progress";
    }

    @GetMapping("/apps/{app}/groups/{id}/timelines")
    String timelineFragment(Application app, @PathVariable UUID id,
            @RequestParam(defaultValue = "1d") String range, Model model) {
        var group = groups.group(app, id);
        model.addAttribute("app", app);
        model.addAttribute("group", group);
        timelines(group, range, model);
        return DETAIL + " :: timelines";
    }

    @PostMapping("/apps/{app}/groups/{id}/pause")
    String pause(Application app, @PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
            Principal principal, RedirectAttributes redirect) {
        if (reason.isBlank()) {
            redirect.addFlashAttribute("pauseError", "Say why you pause the group: the next SRE will want to know.");
            return "redirect:/apps/" + app.id() + "/groups/" + id;
        }
        groups.pause(app, id, reason, principal.getName());
        redirect.addFlashAttribute("notice", "Paused. No node of this group gets a new update until it is resumed.");
        return "redirect:/apps/" + app.id() + "/groups/" + id;
    }

    @PostMapping("/apps/{app}/groups/{id}/resume")
    String resume(Application app, @PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
            Principal principal, RedirectAttributes redirect) {
        if (reason.isBlank()) {
            redirect.addFlashAttribute("resumeError", "Say why it is safe to resume.");
            return "redirect:/apps/" + app.id() + "/groups/" + id;
        }
        groups.resume(app, id, reason, principal.getName());
        redirect.addFlashAttribute("notice", "Resumed. The rollout goes on.");
        return "redirect:/apps/" + app.id() + "/groups/" + id;
    }

    private void progress(Application application, UpdateGroup group, Model model) {
        var channel = group.channelId() == null ? null : channelService.findChannel(group.channelId()).orElse(null);
        var target = channel == null || channel.packageId() == null
                ? null
                : packageService.findPackage(channel.packageId()).orElse(null);
        var breakdown = statistics.breakdownOfGroup(group.id());
        var versions = breakdown.versions();
        var statuses = breakdown.statuses();
        model.addAttribute("app", application);
        model.addAttribute("group", group);
        model.addAttribute("channel", channel);
        model.addAttribute("state", dashboard.state(group, target, Dashboard.rollbackFrom(channel), versions, statuses));
        model.addAttribute("versions", Dashboard.Bar.of(versions));
        model.addAttribute("statuses", Dashboard.Bar.of(statuses));
        model.addAttribute("holdReasons", breakdown.holdReasons());
        model.addAttribute("rollout", groups.rollout(group.id()).orElse(null));
        model.addAttribute("wave", waves.status(group).orElse(null));
    }

    private void timelines(UpdateGroup group, String range, Model model) {
        TimelineRange parsed;
        try {
            parsed = TimelineRange.fromLabel(range);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("range", "must be one of 1h, 1d, 7d, 30d");
        }
        model.addAttribute("range", parsed.label());
        model.addAttribute("ranges", List.of("1h", "1d", "7d", "30d"));
        var statusTimeline = statistics.statusTimeline(group.id(), parsed);
        var versionTimeline = statistics.versionTimeline(group.id(), parsed);
        model.addAttribute("statusTimeline", json.writeValueAsString(statusTimeline));
        model.addAttribute("versionTimeline", json.writeValueAsString(versionTimeline));
        model.addAttribute("statusTimelineEmpty", statusTimeline.series().isEmpty());
        model.addAttribute("versionTimelineEmpty", versionTimeline.series().isEmpty());
    }
}
