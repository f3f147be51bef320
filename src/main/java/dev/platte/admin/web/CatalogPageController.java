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
import jakarta.validation.Valid;
import java.security.Principal;
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

/**
 * Creating and editing applications, publishing packages, and revoking a version: forms for admins.
 * A value the server refuses comes back in the same form, next to its input, and nothing is saved.
 */
@Controller
class CatalogPageController {

    private static final String APPLICATION_FORM = "apps/form";
    private static final String PACKAGE_FORM = "packages/form";
    private static final String REVOKE_FORM = "packages/revoke";

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
        FormErrors.requireAdmin(model);
        model.addAttribute(PageBinding.FORM, new ApplicationForm());
        return applicationForm(null, model);
    }

    @PostMapping("/apps/new")
    String createApplication(@Valid @ModelAttribute(PageBinding.FORM) ApplicationForm form, BindingResult errors,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var created = FormErrors.submit(errors, response,
                () -> applicationService.createApplication(form.id, form.name, form.description, form.productId));
        if (created == null) {
            return applicationForm(null, model);
        }
        redirect.addFlashAttribute("notice", "Application " + created.name() + " created.");
        return "redirect:/apps/" + created.id();
    }

    @GetMapping("/apps/{app}/edit")
    String editApplication(Application application, Model model) {
        FormErrors.requireAdmin(model);
        model.addAttribute(PageBinding.FORM, ApplicationForm.of(application));
        return applicationForm(application, model);
    }

    @PostMapping("/apps/{app}/edit")
    String updateApplication(Application application, @Valid @ModelAttribute(PageBinding.FORM) ApplicationForm form,
            BindingResult errors, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var updated = FormErrors.submit(errors, response, () -> applicationService.updateApplication(application,
                form.name, form.description, form.productId));
        if (updated == null) {
            return applicationForm(application, model);
        }
        redirect.addFlashAttribute("notice", "Application " + updated.name() + " saved.");
        return "redirect:/apps/" + updated.id();
    }

    private static String applicationForm(Application application, Model model) {
        model.addAttribute("app", application);
        return APPLICATION_FORM;
    }

    // --- packages -----------------------------------------------------------------------------

    @GetMapping("/apps/{app}/packages/new")
    String newPackage(Application app, Model model) {
        FormErrors.requireAdmin(model);
        model.addAttribute("app", app);
        model.addAttribute(PageBinding.FORM, new PackageForm());
        return PACKAGE_FORM;
    }

    @PostMapping("/apps/{app}/packages/new")
    String createPackage(Application application, @Valid @ModelAttribute(PageBinding.FORM) PackageForm form,
            BindingResult errors, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var content = form.toContent(errors);
        var created = FormErrors.submit(errors, response, form::formRow,
                () -> packageService.createPackage(application, content));
        if (created == null) {
            form.padRows();
            model.addAttribute("app", application);
            return PACKAGE_FORM;
        }
        redirect.addFlashAttribute("notice",
                "Package " + created.version() + " (" + created.arch().wireName() + ") created.");
        return "redirect:/apps/" + application.id();
    }

    // --- revocation ---------------------------------------------------------------------------

    /** Asks before a version is withdrawn: where from, why, and a box to tick. */
    @GetMapping("/apps/{app}/packages/{id}/revoke")
    String revokeForm(Application app, @PathVariable UUID id,
            @RequestParam(name = "channel", required = false) UUID channelId,
            @RequestParam(name = "rollBack", defaultValue = "false") boolean rollBack, Model model) {
        FormErrors.requireAdmin(model);
        var form = new RevokeForm();
        form.rollBack = rollBack;
        form.channelId = channelId;
        form.scope = channelId == null ? RevokeForm.Scope.ALL : RevokeForm.Scope.CHANNEL;
        model.addAttribute(PageBinding.FORM, form);
        return showRevokeForm(app, id, channelId, model);
    }

    @PostMapping("/apps/{app}/packages/{id}/revoke")
    String revoke(Application app, @PathVariable UUID id, @Valid @ModelAttribute(PageBinding.FORM) RevokeForm form,
            BindingResult errors, Model model, Principal principal, HttpServletResponse response,
            RedirectAttributes redirect) {
        var pkg = packageService.pkg(app, id);
        if (!form.everyChannel() && form.channelId == null) {
            FormErrors.reject(errors, "scope", "no channel given: revoke it from every channel, or start from a channel's page");
        }
        var scope = form.everyChannel() ? null : form.channelId;
        var toPackageId = form.rollBack ? form.toPackageId : null;
        var revoked = FormErrors.submit(errors, response, () -> form.rollBack
                ? channelService.revokeAndRollBack(app, pkg.id(), scope, toPackageId, form.reason, principal.getName())
                : packageService.revoke(app, pkg.id(), scope, form.reason, principal.getName()));
        if (revoked == null) {
            return showRevokeForm(app, id, form.channelId, model);
        }
        redirect.addFlashAttribute("notice", pkg.version() + " revoked from "
                + (form.everyChannel() ? "every channel" : "this channel")
                + (form.rollBack ? ", and rolled back" : "") + ": " + revoked.reason());
        return form.channelId == null
                ? "redirect:/apps/" + pkg.applicationId()
                : "redirect:/apps/" + pkg.applicationId() + "/channels/" + form.channelId;
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
