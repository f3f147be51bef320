package dev.platte.admin.web;

import dev.platte.common.InvalidInputException;
import dev.platte.common.NotFoundException;
import dev.platte.fleetlock.RebootGroupSettings;
import dev.platte.fleetlock.RebootGroupView;
import dev.platte.fleetlock.RebootGroups;
import dev.platte.fleetlock.Tie;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * FleetLock reboot groups: slots in use, who holds them since when, recent refusals; admins configure
 * groups and release holders that never will.
 */
@Controller
class RebootGroupPageController {

    private static final String LIST = "reboot-groups/list";

    private final RebootGroups rebootGroups;
    private final Clock clock;
    private final MessageSource messages;

    RebootGroupPageController(RebootGroups rebootGroups, Clock clock, MessageSource messages) {
        this.rebootGroups = rebootGroups;
        this.clock = clock;
        this.messages = messages;
    }

    /** What the configure form sends; {@link RebootGroups} checks the rules. */
    static class RebootGroupForm {

        public String name;
        public Integer slots = 1;
        public Tie tie = Tie.TRACK;
        public UUID tiedGroupId;
        public Duration maxHold;
        public boolean windowsOnly;
    }

    record HolderRow(String id, String since, String heldFor, String expires, boolean knownInstance) {}

    record RefusalRow(String at, String holderId, String kind, String message) {}

    record TiedRow(String name, String url, boolean paused, String pausedReason) {}

    record GroupRow(String name, int slots, int inUse, String tie, List<TiedRow> tied, String maxHold,
            String maxHoldInput, boolean windowsOnly, boolean configured, String lastUsed, List<HolderRow> holders,
            List<RefusalRow> refusals) {}

    @GetMapping("/reboot-groups")
    String list(@RequestParam(required = false) String name, Model model) {
        var groups = rebootGroups.list().stream()
                .filter(group -> name == null || name.isBlank() || group.name().equals(name))
                .map(group -> row(group, clock.instant())).toList();
        model.addAttribute("groups", groups);
        model.addAttribute("filter", name == null ? "" : name);
        model.addAttribute("keptRefusals", RebootGroups.KEPT_REFUSALS);
        return LIST;
    }

    @PostMapping("/reboot-groups/{name}/release")
    String release(@PathVariable String name, @RequestParam String holder, RedirectAttributes redirect) {
        try {
            rebootGroups.release(name, holder);
            redirect.addFlashAttribute("notice", "Released the slot of " + holder + " in " + name + ".");
        } catch (NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/reboot-groups";
    }

    @PostMapping("/reboot-groups/configure")
    String configure(@ModelAttribute(PageBinding.FORM) RebootGroupForm form, BindingResult errors, Locale locale,
            RedirectAttributes redirect) {
        try {
            if (errors.hasFieldErrors()) {
                var error = errors.getFieldErrors().getFirst();
                throw new InvalidInputException(error.getField(), messages.getMessage(error, locale));
            }
            rebootGroups.configure(form.name, new RebootGroupSettings(form.slots, form.tie, form.tiedGroupId,
                    form.maxHold, form.windowsOnly));
            redirect.addFlashAttribute("notice", "Reboot group " + form.name + " saved.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.field() + ": " + e.getMessage());
        }
        return "redirect:/reboot-groups";
    }

    @PostMapping("/reboot-groups/{name}/delete")
    String delete(@PathVariable String name, RedirectAttributes redirect) {
        rebootGroups.delete(name);
        redirect.addFlashAttribute("notice", "Reboot group " + name + " deleted.");
        return "redirect:/reboot-groups";
    }

    private static GroupRow row(RebootGroupView group, Instant now) {
        return new GroupRow(group.name(), group.slots(), group.inUse(), group.tie(),
                group.tiedGroups().stream().map(t -> new TiedRow(t.name(),
                        "/apps/" + t.applicationId() + "/groups/" + t.groupId(), t.paused(), t.pausedReason())).toList(),
                group.maxHold() == null ? "never" : Formats.duration(group.maxHold()),
                group.maxHold() == null ? "" : group.maxHold().toString(), group.windowsOnly(), group.configured(),
                Formats.time(group.lastUsedAt()),
                group.holders().stream().map(h -> new HolderRow(h.id(), Formats.time(h.since()),
                        Formats.duration(Duration.between(h.since(), now)),
                        h.expiresAt() == null ? "never" : Formats.time(h.expiresAt()), h.knownInstance())).toList(),
                group.recentRefusals().stream().map(r -> new RefusalRow(Formats.time(r.at()), r.holderId(), r.kind(),
                        r.message())).toList());
    }
}
