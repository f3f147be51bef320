package dev.platte.admin.web;

import dev.platte.catalog.Application;
import dev.platte.common.InvalidInputException;
import dev.platte.gate.AlertReceiver;
import dev.platte.gate.GateService;
import dev.platte.rollout.GroupService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Adding, editing and deleting a group's health gates; the group page lists them with their state. */
@Controller
class GatePageController {

    private static final String FORM = "gates/form";

    private final GroupService groups;
    private final GateService gates;
    private final AlertReceiver alerts;

    GatePageController(GroupService groups, GateService gates, AlertReceiver alerts) {
        this.alerts = alerts;
        this.groups = groups;
        this.gates = gates;
    }

    @GetMapping("/apps/{app}/groups/{id}/gates/new")
    String newGate(Application app, @PathVariable UUID id, Model model) {
        FormErrors.requireAdmin(model);
        model.addAttribute(PageBinding.FORM, new GateForm());
        return form(app, id, null, model);
    }

    @PostMapping("/apps/{app}/groups/{id}/gates/new")
    String create(Application app, @PathVariable UUID id, @ModelAttribute(PageBinding.FORM) GateForm form,
            BindingResult errors, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var created = FormErrors.submit(errors, response, () -> gates.create(app, id, form.toSettings()));
        if (created != null) {
            redirect.addFlashAttribute("notice", "Gate " + created.settings().name() + " added.");
            return "redirect:/apps/" + app.id() + "/groups/" + id + "#gates";
        }
        return form(app, id, null, model);
    }

    @GetMapping("/apps/{app}/groups/{id}/gates/{gate}/edit")
    String edit(Application app, @PathVariable UUID id, @PathVariable UUID gate, Model model) {
        FormErrors.requireAdmin(model);
        model.addAttribute(PageBinding.FORM, GateForm.of(gates.gate(app, id, gate)));
        return form(app, id, gate, model);
    }

    @PostMapping("/apps/{app}/groups/{id}/gates/{gate}/edit")
    String update(Application app, @PathVariable UUID id, @PathVariable UUID gate,
            @ModelAttribute(PageBinding.FORM) GateForm form, BindingResult errors, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var updated = FormErrors.submit(errors, response, () -> gates.update(app, id, gate, form.toSettings()));
        if (updated != null) {
            redirect.addFlashAttribute("notice", "Gate " + updated.settings().name() + " saved.");
            return "redirect:/apps/" + app.id() + "/groups/" + id + "#gates";
        }
        return form(app, id, gate, model);
    }

    @PostMapping("/apps/{app}/groups/{id}/gates/{gate}/delete")
    String delete(Application app, @PathVariable UUID id, @PathVariable UUID gate,
            RedirectAttributes redirect) {
        gates.delete(app, id, gate);
        redirect.addFlashAttribute("notice", "Gate deleted.");
        return "redirect:/apps/" + app.id() + "/groups/" + id + "#gates";
    }

    /** The group's Alertmanager matchers, one {@code label=value} a line, and whether a resolved alert resumes it. */
    @PostMapping("/apps/{app}/groups/{id}/alerts")
    String alerts(Application app, @PathVariable UUID id, @RequestParam(defaultValue = "") String matchers,
            @RequestParam(defaultValue = "false") boolean resumeOnResolve, RedirectAttributes redirect) {
        var labels = new LinkedHashMap<String, String>();
        for (var line : matchers.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            var equals = line.indexOf('=');
            if (equals <= 0) {
                redirect.addFlashAttribute("alertsError", "Write one matcher a line as label=value: " + line.strip());
                return "redirect:/apps/" + app.id() + "/groups/" + id + "#alerts";
            }
            labels.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip().replaceAll("^\"|\"$", ""));
        }
        try {
            alerts.configure(app, id, labels, resumeOnResolve);
            redirect.addFlashAttribute("notice", "Alert matchers saved.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("alertsError", e.getMessage());
        }
        return "redirect:/apps/" + app.id() + "/groups/" + id + "#alerts";
    }

    private String form(Application application, UUID groupId, UUID gateId, Model model) {
        var group = groups.group(application, groupId);
        model.addAttribute("app", application);
        model.addAttribute("group", group);
        model.addAttribute("gateId", gateId);
        model.addAttribute("action", gateId == null
                ? "/apps/" + application.id() + "/groups/" + group.id() + "/gates/new"
                : "/apps/" + application.id() + "/groups/" + group.id() + "/gates/" + gateId + "/edit");
        return FORM;
    }
}
