package dev.platte.admin.web;

import dev.platte.catalog.ApplicationService;
import dev.platte.catalog.ChannelService;
import dev.platte.common.InvalidInputException;
import dev.platte.common.WireEnums;
import dev.platte.fleet.FleetService;
import dev.platte.fleet.InstanceEvent;
import dev.platte.fleet.InstanceListing;
import dev.platte.fleet.InstanceQuery;
import dev.platte.fleet.InstanceStatus;
import dev.platte.fleet.StatusHistoryEntry;
import dev.platte.fleet.UpdateEngineErrors;
import dev.platte.fleetlock.RebootGroups;
import dev.platte.rollout.GroupService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The fleet, searchable, and one machine with everything it told Platte. */
@Controller
class InstancePageController {

    private static final String LIST = "instances/list";
    private static final String DETAIL = "instances/detail";
    private static final int PAGE_SIZE = 50;
    private static final List<String> SORTS = List.of("lastCheckAt", "version", "status");

    private final FleetService fleet;
    private final InstanceListing listing;
    private final ApplicationService applicationService;
    private final ChannelService channelService;
    private final GroupService groups;
    private final RebootGroups rebootGroups;

    InstancePageController(FleetService fleet, InstanceListing listing, ApplicationService applicationService,
            ChannelService channelService, GroupService groups, RebootGroups rebootGroups) {
        this.fleet = fleet;
        this.listing = listing;
        this.applicationService = applicationService;
        this.channelService = channelService;
        this.groups = groups;
        this.rebootGroups = rebootGroups;
    }

    record Row(String machineId, String alias, String ip, String version, String status, String holdReason,
            String lastCheck, String lastSeen) {}

    /** One line of an instance's story: a status change or an event, newest first. */
    record TimelineEntry(Instant at, String when, String kind, String what, String detail) {}

    record AppSection(String application, String version, String status, String holdReason, String lastCheck,
            String groupName, String groupUrl, String channel, List<TimelineEntry> timeline) {}

    @GetMapping("/instances")
    String list(@RequestParam(required = false) String app, @RequestParam(required = false) UUID group,
            @RequestParam(required = false) String status, @RequestParam(required = false) String version,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "true") boolean hideRetired,
            @RequestParam(defaultValue = "lastCheckAt") String sort, @RequestParam(defaultValue = "0") int page,
            Model model) {
        var applicationId = app == null || app.isBlank() ? null : applicationService.application(app).id();
        var parsedStatus = WireEnums.parse("status", status, InstanceStatus.values());
        var order = SORTS.contains(sort) ? sort : "lastCheckAt";
        var direction = order.equals("lastCheckAt") ? Sort.Direction.DESC : Sort.Direction.ASC;
        var found = listing.instances(new InstanceQuery(applicationId, group, parsedStatus, blankToNull(version), q, null,
                hideRetired), PageRequest.of(Math.max(page, 0), PAGE_SIZE, Sort.by(direction, order)));
        model.addAttribute("rows", found.content().stream().map(r -> new Row(r.instance().machineId(),
                r.instance().alias(), r.instance().ip(), r.state().version(), r.state().status().wireName(),
                r.state().holdReason(), Formats.time(r.state().lastCheckAt()), Formats.time(r.instance().lastSeenAt())))
                .toList());
        PageLinks.add(model, found);
        model.addAttribute("applications", applicationService.applications());
        model.addAttribute("statuses", Arrays.stream(InstanceStatus.values()).map(InstanceStatus::wireName).toList());
        model.addAttribute("filter", new Filter(app, group, status, version, q, hideRetired, order));
        return LIST;
    }

    record Filter(String app, UUID group, String status, String version, String q, boolean hideRetired, String sort) {}

    /** A FleetLock reboot slot the instance holds. */
    record LockRow(String rebootGroup, String since, String expires) {}

    @GetMapping("/instances/{machineId}")
    String instance(@PathVariable String machineId, Model model) {
        var details = fleet.instance(machineId);
        var names = new java.util.HashMap<UUID, String>();
        applicationService.applications().forEach(a -> names.put(a.id(), a.name()));
        var sections = details.applications().stream().map(app -> {
            var timeline = new ArrayList<TimelineEntry>();
            app.history().forEach(h -> timeline.add(statusEntry(h)));
            app.events().forEach(e -> timeline.add(eventEntry(e)));
            timeline.sort(Comparator.comparing(TimelineEntry::at).reversed());
            var state = app.state();
            var group = state.groupId() == null ? null : groups.findGroup(state.groupId()).orElse(null);
            var channel = group == null || group.channelId() == null
                    ? null
                    : channelService.findChannel(group.channelId()).orElse(null);
            return new AppSection(names.getOrDefault(state.applicationId(), state.applicationId().toString()),
                    state.version(), state.status().wireName(), state.holdReason(), Formats.time(state.lastCheckAt()),
                    group == null ? null : group.name(),
                    group == null ? null : "/apps/" + group.applicationId() + "/groups/" + group.id(),
                    channel == null ? null : channel.name() + " (" + channel.arch().wireName() + ")", timeline);
        }).toList();
        model.addAttribute("instance", details.instance());
        model.addAttribute("firstSeen", Formats.time(details.instance().firstSeenAt()));
        model.addAttribute("lastSeen", Formats.time(details.instance().lastSeenAt()));
        model.addAttribute("sections", sections);
        model.addAttribute("rebootLocks", rebootGroups.locksOf(details.instance().machineId()).stream()
                .map(lock -> new LockRow(lock.rebootGroup(), Formats.time(lock.since()),
                        lock.expiresAt() == null ? null : Formats.time(lock.expiresAt())))
                .toList());
        return DETAIL;
    }

    @PostMapping("/instances/{machineId}/alias")
    String alias(@PathVariable String machineId, @RequestParam(defaultValue = "") String alias,
            RedirectAttributes redirect) {
        try {
            fleet.changeAlias(machineId, alias);
            redirect.addFlashAttribute("notice", "Alias saved.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("aliasError", e.getMessage());
        }
        return "redirect:/instances/" + machineId;
    }

    private static TimelineEntry statusEntry(StatusHistoryEntry entry) {
        var detail = entry.errorCode() == null ? "" : UpdateEngineErrors.describe(entry.errorCode());
        return new TimelineEntry(entry.createdAt(), Formats.time(entry.createdAt()), "status",
                entry.status().wireName() + (entry.version() == null ? "" : " " + entry.version()), detail);
    }

    private static TimelineEntry eventEntry(InstanceEvent event) {
        var what = "event %d/%d (%s)".formatted(event.type(), event.result(), eventName(event.type(), event.result()));
        var detail = event.errorCode() == null ? "" : UpdateEngineErrors.describe(event.errorCode());
        if (event.previousVersion() != null && !event.previousVersion().isBlank()) {
            detail = (detail.isEmpty() ? "" : detail + "; ") + "previous version " + event.previousVersion();
        }
        return new TimelineEntry(event.createdAt(), Formats.time(event.createdAt()), "event", what, detail);
    }

    private static String eventName(int type, int result) {
        return switch (type * 100 + result) {
            case 1301 -> "download started";
            case 1401 -> "download finished";
            case 301 -> "installed, reboot pending";
            case 302 -> "rebooted into the update";
            case 300 -> "error";
            case 309 -> "update deferred";
            case 80001 -> "installed, completion held by the node";
            default -> "other";
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
