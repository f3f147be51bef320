package dev.platte.admin.web;

import dev.platte.catalog.Application;
import dev.platte.catalog.ChannelService;
import dev.platte.rollout.GroupService;
import dev.platte.rollout.UpdateGroup;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Creating a group and editing it with its whole rollout policy. An edit carries the group's version
 * as the admin read it, so saving over someone else's change is refused instead of undoing it.
 */
@Controller
class GroupFormPageController {

    private static final String FORM = "groups/form";
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.contains("/") || z.equals("UTC")).sorted().toList();

    private final ChannelService channelService;
    private final GroupService groups;

    GroupFormPageController(ChannelService channelService, GroupService groups) {
        this.channelService = channelService;
        this.groups = groups;
    }

    /** A day checkbox: the value sent, and what the admin reads. */
    record Day(String value, String label) {}

    private static final List<Day> DAYS = Arrays.stream(DayOfWeek.values())
            .map(d -> new Day(d.name(), d.name().charAt(0) + d.name().substring(1, 3).toLowerCase(Locale.ROOT))).toList();

    @GetMapping("/apps/{app}/groups/new")
    String newGroup(Application app, Model model) {
        FormErrors.requireAdmin(model);
        model.addAttribute(PageBinding.FORM, GroupForm.blank());
        return form(app, null, model);
    }

    @PostMapping("/apps/{app}/groups/new")
    String create(Application application, @Valid @ModelAttribute(PageBinding.FORM) GroupForm form,
            BindingResult errors, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var spec = form.toSpec(errors);
        var created = FormErrors.submit(errors, response, () -> groups.createGroup(application, spec));
        if (created == null) {
            form.padRows();
            return form(application, null, model);
        }
        redirect.addFlashAttribute("notice", "Group " + created.name() + " created.");
        return "redirect:/apps/" + application.id() + "/groups/" + created.id();
    }

    @GetMapping("/apps/{app}/groups/{id}/edit")
    String edit(Application app, @PathVariable UUID id, Model model) {
        FormErrors.requireAdmin(model);
        var group = groups.group(app, id);
        model.addAttribute(PageBinding.FORM, GroupForm.of(group));
        return form(app, group, model);
    }

    @PostMapping("/apps/{app}/groups/{id}/edit")
    String update(Application application, @PathVariable UUID id, @Valid @ModelAttribute(PageBinding.FORM) GroupForm form,
            BindingResult errors, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var group = groups.group(application, id);
        var spec = form.toSpec(errors);
        if (form.version == null) {
            FormErrors.reject(errors, "version", "the form is damaged (it lacks the group's version): reload the page");
        }
        var updated = FormErrors.submit(errors, response,
                () -> groups.updateGroup(application, group.id(), spec, form.version));
        if (updated == null) {
            form.padRows();
            return form(application, group, model);
        }
        redirect.addFlashAttribute("notice", "Group " + updated.name() + " saved.");
        return "redirect:/apps/" + application.id() + "/groups/" + updated.id();
    }

    private String form(Application application, UpdateGroup group, Model model) {
        model.addAttribute("app", application);
        model.addAttribute("group", group);
        model.addAttribute("channels", channelService.channels(application));
        model.addAttribute("days", DAYS);
        model.addAttribute("zones", ZONES);
        model.addAttribute("durationHint", PageBinding.DURATION_HINT);
        model.addAttribute("action", group == null
                ? "/apps/" + application.id() + "/groups/new"
                : "/apps/" + application.id() + "/groups/" + group.id() + "/edit");
        return FORM;
    }
}
