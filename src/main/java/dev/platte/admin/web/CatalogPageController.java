package dev.platte.admin.web;

import dev.platte.admin.web.CatalogForms.ApplicationForm;
import dev.platte.admin.web.CatalogForms.PackageForm;
import dev.platte.admin.web.CatalogForms.RevokeForm;
import dev.platte.catalog.Application;
import dev.platte.catalog.ApplicationService;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.ChannelService;
import dev.platte.catalog.Channel;
import dev.platte.catalog.UpdatePackage;
import dev.platte.common.Versions;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.ArrayList;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Creating and editing applications, publishing packages, and revoking a version: forms for admins.
 * A value the server refuses comes back in the same form, next to its input, and nothing is saved.
 */
@Controller
class CatalogPageController {

    private static final String APPLICATION_FORM = "apps/form";
    private static final String PACKAGE_FORM = "packages/form";
    private static final String REVOKE_FORM = "packages/revoke";
    private static final Pattern EXTRA_FILE_FIELD = Pattern.compile("extraFiles\\[(\\d+)](\\..+)");

    private final ApplicationService applicationService;
    private final PackageService packageService;
    private final ChannelService channelService;

    CatalogPageController(ApplicationService applicationService, PackageService packageService,
            ChannelService channelService) {
        this.applicationService = applicationService;
        this.packageService = packageService;
        this.channelService = channelService;
    }

    // --- applications -------------------------------------------------------------------------

    @GetMapping("/apps/new")
    String newApplication(Model model) {
        FormInput.requireAdmin(model);
        model.addAttribute("form", new ApplicationForm());
        return applicationForm(null, model);
    }

    @PostMapping("/apps/new")
    String createApplication(@ModelAttribute("form") ApplicationForm form, BindingResult errors, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var in = new FormInput(errors);
        var id = in.uuid("id", form.getId());
        var name = in.text("name", form.getName(), 100, true);
        var description = in.text("description", form.getDescription(), 10_000, false);
        var productId = in.text("productId", form.getProductId(), 155, false);
        if (!in.hasErrors()) {
            var created = FormInput.submit(errors, response, UnaryOperator.identity(),
                    () -> applicationService.createApplication(id, name, description, productId));
            if (created != null) {
                redirect.addFlashAttribute("notice", "Application " + created.name() + " created.");
                return "redirect:/apps/" + created.id();
            }
        }
        return applicationForm(null, model);
    }

    @GetMapping("/apps/{app}/edit")
    String editApplication(Application application, Model model) {
        FormInput.requireAdmin(model);
        model.addAttribute("form", ApplicationForm.of(application));
        return applicationForm(application, model);
    }

    @PostMapping("/apps/{app}/edit")
    String updateApplication(Application application, @ModelAttribute("form") ApplicationForm form,
            BindingResult errors, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var in = new FormInput(errors);
        var name = in.text("name", form.getName(), 100, true);
        var description = in.text("description", form.getDescription(), 10_000, false);
        var productId = in.text("productId", form.getProductId(), 155, false);
        if (!in.hasErrors()) {
            var updated = FormInput.submit(errors, response, UnaryOperator.identity(),
                    () -> applicationService.updateApplication(application, name, description, productId));
            if (updated != null) {
                redirect.addFlashAttribute("notice", "Application " + updated.name() + " saved.");
                return "redirect:/apps/" + updated.id();
            }
        }
        return applicationForm(application, model);
    }

    private static String applicationForm(Application application, Model model) {
        model.addAttribute("app", application);
        return APPLICATION_FORM;
    }

    // --- packages -----------------------------------------------------------------------------

    @GetMapping("/apps/{app}/packages/new")
    String newPackage(Application app, Model model) {
        FormInput.requireAdmin(model);
        model.addAttribute("app", app);
        model.addAttribute("form", new PackageForm());
        return PACKAGE_FORM;
    }

    @PostMapping("/apps/{app}/packages/new")
    String createPackage(Application application, @ModelAttribute("form") PackageForm form, BindingResult errors,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var in = new FormInput(errors);
        var rowOfFile = new ArrayList<Integer>();
        var content = form.toContent(in, rowOfFile);
        if (content != null) {
            // The service numbers extra files as sent; the form skips blank rows, so map back to the row.
            UnaryOperator<String> formField = field -> {
                var matcher = field == null ? null : EXTRA_FILE_FIELD.matcher(field);
                if (matcher != null && matcher.matches()) {
                    var index = Integer.parseInt(matcher.group(1));
                    return index < rowOfFile.size() ? "extraFiles[" + rowOfFile.get(index) + "]" + matcher.group(2) : field;
                }
                return field;
            };
            var created = FormInput.submit(errors, response, formField,
                    () -> packageService.createPackage(application, content));
            if (created != null) {
                redirect.addFlashAttribute("notice",
                        "Package " + created.version() + " (" + created.arch().wireName() + ") created.");
                return "redirect:/apps/" + application.id();
            }
        }
        form.padRows();
        model.addAttribute("app", application);
        return PACKAGE_FORM;
    }

    // --- revocation ---------------------------------------------------------------------------

    /** Asks before a version is withdrawn: where from, why, and a box to tick. */
    @GetMapping("/apps/{app}/packages/{id}/revoke")
    String revokeForm(Application app, @PathVariable UUID id,
            @RequestParam(name = "channel", required = false) UUID channelId,
            @RequestParam(name = "rollBack", defaultValue = "false") boolean rollBack, Model model) {
        FormInput.requireAdmin(model);
        var form = new RevokeForm();
        form.setRollBack(rollBack);
        if (channelId != null) {
            form.setChannelId(channelId.toString());
        } else {
            form.setScope(RevokeForm.EVERY_CHANNEL);
        }
        model.addAttribute("form", form);
        return showRevokeForm(app, id, channelId, model);
    }

    @PostMapping("/apps/{app}/packages/{id}/revoke")
    String revoke(Application app, @PathVariable UUID id, @ModelAttribute("form") RevokeForm form,
            BindingResult errors, Model model, Principal principal, HttpServletResponse response,
            RedirectAttributes redirect) {
        var pkg = packageService.pkg(app, id);
        var in = new FormInput(errors);
        var channelId = in.uuid("scope", form.getChannelId());
        var everyChannel = RevokeForm.EVERY_CHANNEL.equals(form.getScope());
        if (!everyChannel && !RevokeForm.ONE_CHANNEL.equals(form.getScope())) {
            in.reject("scope", "choose this channel or every channel");
        } else if (!everyChannel && channelId == null) {
            in.reject("scope", "no channel given: revoke it from every channel, or start from a channel's page");
        }
        var reason = in.text("reason", form.getReason(), 1000, true);
        var toPackageId = form.isRollBack() ? in.uuid("toPackageId", form.getToPackageId()) : null;
        if (!form.isConfirm()) {
            in.reject("confirm", "Tick the box to confirm: nodes will no longer get this version, and Platte cannot "
                    + "undo a revocation.");
        }
        if (!in.hasErrors()) {
            var scope = everyChannel ? null : channelId;
            var revoked = FormInput.submit(errors, response, field -> "channelId".equals(field) ? "scope" : field,
                    () -> form.isRollBack()
                            ? channelService.revokeAndRollBack(app, pkg.id(), scope, toPackageId, reason, principal.getName())
                            : packageService.revoke(app, pkg.id(), scope, reason, principal.getName()));
            if (revoked != null) {
                redirect.addFlashAttribute("notice", pkg.version() + " revoked from "
                        + (everyChannel ? "every channel" : "this channel")
                        + (form.isRollBack() ? ", and rolled back" : "") + ": " + revoked.reason());
                return channelId == null
                        ? "redirect:/apps/" + pkg.applicationId()
                        : "redirect:/apps/" + pkg.applicationId() + "/channels/" + channelId;
            }
        }
        return showRevokeForm(app, id, channelId, model);
    }

    private String showRevokeForm(Application application, UUID packageId, UUID channelId, Model model) {
        UpdatePackage pkg = packageService.pkg(application, packageId);
        Channel channel = channelId == null ? null : channelService.findChannel(channelId)
                .filter(c -> c.applicationId().equals(application.id())).orElse(null);
        model.addAttribute("app", application);
        model.addAttribute("pkg", pkg);
        model.addAttribute("channel", channel);
        model.addAttribute("rollbackOptions", packageService.packages(application).stream()
                .filter(p -> p.arch() == pkg.arch() && Versions.isNewer(pkg.version(), p.version()))
                .filter(p -> channel == null || !packageService.isRevoked(p.id(), channel.id()))
                .sorted((a, b) -> Versions.compare(b.version(), a.version()))
                .toList());
        model.addAttribute("revocations", packageService.revocations(application, packageId).stream()
                .map(r -> new RevocationLine(r.channelId() == null ? "every channel" : channelService.findChannel(r.channelId())
                        .map(c -> "channel " + c.name() + " (" + c.arch().wireName() + ")").orElse("a deleted channel"),
                        r.reason(), r.actor(), Formats.time(r.createdAt())))
                .toList());
        return REVOKE_FORM;
    }

    record RevocationLine(String where, String reason, String actor, String at) {}
}
