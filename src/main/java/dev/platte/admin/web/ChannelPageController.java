package dev.platte.admin.web;

import dev.platte.admin.web.CatalogForms.ChannelForm;
import dev.platte.admin.web.CatalogForms.FloorForm;
import dev.platte.admin.web.CatalogForms.PromoteForm;
import dev.platte.admin.web.CatalogForms.RollbackForm;
import dev.platte.common.Versions;
import dev.platte.catalog.Application;
import dev.platte.catalog.Channel;
import dev.platte.catalog.ChannelService;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.UpdatePackage;
import dev.platte.rollout.ExtensionGuard;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * A channel: what it serves, its floors and revocations; admins promote a package, add and remove
 * floors, and start a revocation from here. Also the form for a new channel.
 */
@Controller
class ChannelPageController {

    private static final String DETAIL = "channels/detail";
    private static final String FORM = "channels/form";

    private final PackageService packageService;
    private final ChannelService channelService;
    private final ExtensionGuard extensions;

    ChannelPageController(PackageService packageService, ChannelService channelService, ExtensionGuard extensions) {
        this.packageService = packageService;
        this.channelService = channelService;
        this.extensions = extensions;
    }

    /** A package as this channel sees it: served, a floor, revoked here (and why). */
    record PackageLine(UpdatePackage pkg, boolean serving, boolean floor, String revoked, boolean revokedEverywhere) {

        public String label() {
            return pkg.version() + " (" + pkg.arch().wireName() + ")";
        }
    }

    record FloorLine(UUID packageId, String version, String reason, String added) {}

    record RevocationLine(String version, String where, String reason, String actor, String at) {}

    // --- a new channel ------------------------------------------------------------------------

    @GetMapping("/apps/{app}/channels/new")
    String newChannel(Application app, Model model) {
        FormErrors.requireAdmin(model);
        model.addAttribute(PageBinding.FORM, new ChannelForm());
        return channelForm(app, model);
    }

    @PostMapping("/apps/{app}/channels/new")
    String createChannel(Application application, @Valid @ModelAttribute(PageBinding.FORM) ChannelForm form,
            BindingResult errors, Model model, Principal principal, HttpServletResponse response,
            RedirectAttributes redirect) {
        var created = FormErrors.submit(errors, response, () -> channelService.createChannel(application,
                form.name, form.arch, form.packageId, principal.getName()));
        if (created == null) {
            return channelForm(application, model);
        }
        redirect.addFlashAttribute("notice", "Channel " + created.name() + " (" + created.arch().wireName()
                + ") created.");
        return "redirect:/apps/" + application.id() + "/channels/" + created.id();
    }

    private String channelForm(Application application, Model model) {
        model.addAttribute("app", application);
        model.addAttribute("packages", packageService.packages(application));
        return FORM;
    }

    // --- one channel --------------------------------------------------------------------------

    @GetMapping("/apps/{app}/channels/{id}")
    String channel(Application app, @PathVariable UUID id, Model model) {
        return channelPage(app, id, model);
    }

    /**
     * Points the channel at another package. The form carries the channel's version as the admin saw
     * it: if someone changed the channel meanwhile, nothing happens and the page says so. A package that
     * lacks OEM extensions the channel's nodes need is promoted only once the admin confirms the warning.
     */
    @PostMapping("/apps/{app}/channels/{id}/promote")
    String promote(Application app, @PathVariable UUID id,
            @Valid @ModelAttribute(PageBinding.PROMOTE) PromoteForm form, BindingResult errors, Model model,
            Principal principal, HttpServletResponse response, RedirectAttributes redirect) {
        var channel = channelService.channel(app, id);
        if (!errors.hasErrors() && !form.confirmed) {
            var warnings = packageService.findPackage(form.packageId)
                    .filter(p -> p.applicationId().equals(channel.applicationId()))
                    .map(p -> extensions.forChannel(channel, p).stream().map(m -> m.message(p.version())).toList())
                    .orElse(List.of());
            if (!warnings.isEmpty()) {
                model.addAttribute("promoteWarnings", warnings);
                return channelPage(app, id, model);
            }
        }
        var promoted = FormErrors.submit(errors, response,
                () -> channelService.promote(app, channel.id(), form.packageId, principal.getName(), form.version));
        if (promoted == null) {
            return channelPage(app, id, model);
        }
        var served = packageService.findPackage(form.packageId).map(UpdatePackage::version).orElse("the package");
        redirect.addFlashAttribute("notice", "Channel " + promoted.name() + " now serves " + served
                + ": the groups that follow it start rolling it out.");
        return redirect(channel);
    }

    /**
     * Rolls the channel back to an older package, in two steps: the first post checks the choice and shows
     * what it will do; only the confirmed second post rolls back.
     */
    @PostMapping("/apps/{app}/channels/{id}/rollback")
    String rollBack(Application app, @PathVariable UUID id,
            @Valid @ModelAttribute(PageBinding.ROLLBACK) RollbackForm form, BindingResult errors, Model model,
            Principal principal, HttpServletResponse response, RedirectAttributes redirect) {
        var channel = channelService.channel(app, id);
        if (!form.confirmed) {
            var plan = FormErrors.submit(errors, response,
                    () -> channelService.planRollback(app, channel.id(), form.packageId, form.reason));
            if (plan != null) {
                model.addAttribute("rollbackPlan", plan);
            }
            return channelPage(app, id, model);
        }
        var rolled = FormErrors.submit(errors, response, () -> channelService.rollBack(app, channel.id(), form.packageId,
                form.reason, principal.getName(), form.version));
        if (rolled == null) {
            return channelPage(app, id, model);
        }
        redirect.addFlashAttribute("notice", "Channel %s rolled back from %s: its groups bring nodes on newer versions back, at their policy's pace."
                .formatted(rolled.name(), rolled.rollbackFromVersion()));
        return redirect(channel);
    }

    @PostMapping("/apps/{app}/channels/{id}/floors")
    String addFloor(Application app, @PathVariable UUID id,
            @Valid @ModelAttribute(PageBinding.FLOOR) FloorForm form, BindingResult errors, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var channel = channelService.channel(app, id);
        var floor = FormErrors.submit(errors, response,
                () -> channelService.addFloor(app, channel.id(), form.packageId, form.reason == null ? "" : form.reason));
        if (floor == null) {
            return channelPage(app, id, model);
        }
        var version = packageService.findPackage(form.packageId).map(UpdatePackage::version).orElse("the package");
        redirect.addFlashAttribute("notice", version + " is now a floor: nodes below it update to it first.");
        return redirect(channel);
    }

    @PostMapping("/apps/{app}/channels/{id}/floors/{packageId}/remove")
    String removeFloor(Application app, @PathVariable UUID id, @PathVariable UUID packageId,
            RedirectAttributes redirect) {
        var channel = channelService.channel(app, id);
        channelService.removeFloor(app, channel.id(), packageId);
        var version = packageService.findPackage(packageId).map(UpdatePackage::version).orElse("The package");
        redirect.addFlashAttribute("notice", version + " is no longer a floor of this channel.");
        return redirect(channel);
    }

    private static String redirect(Channel channel) {
        return "redirect:/apps/" + channel.applicationId() + "/channels/" + channel.id();
    }

    private String channelPage(Application application, UUID id, Model model) {
        var channel = channelService.channel(application, id);
        var packages = packageService.packages(application);
        var byId = new HashMap<UUID, UpdatePackage>();
        packages.forEach(p -> byId.put(p.id(), p));
        var floors = channelService.floors(application, channel.id());
        var floorIds = new HashSet<UUID>();
        floors.forEach(f -> floorIds.add(f.packageId()));
        var lines = new ArrayList<PackageLine>();
        var revocations = new ArrayList<RevocationLine>();
        for (var pkg : packages) {
            if (!pkg.arch().runsOn(channel.arch())) {
                continue;
            }
            String revoked = null;
            var everywhere = false;
            for (var revocation : packageService.revocations(application, pkg.id())) {
                if (revocation.channelId() != null && !revocation.channelId().equals(channel.id())) {
                    continue;
                }
                everywhere |= revocation.channelId() == null;
                revoked = revoked == null ? revocation.reason() : revoked + "; " + revocation.reason();
                revocations.add(new RevocationLine(pkg.version(),
                        revocation.channelId() == null ? "every channel" : "this channel", revocation.reason(),
                        revocation.actor(), Formats.time(revocation.createdAt())));
            }
            lines.add(new PackageLine(pkg, pkg.id().equals(channel.packageId()), floorIds.contains(pkg.id()), revoked,
                    everywhere));
        }
        model.addAttribute("app", application);
        model.addAttribute("channel", channel);
        model.addAttribute("current", channel.packageId() == null ? null : byId.get(channel.packageId()));
        model.addAttribute("packages", lines);
        model.addAttribute("promoteOptions", lines.stream()
                .filter(l -> l.revoked() == null && !l.serving()).toList());
        var served = channel.packageId() == null ? null : byId.get(channel.packageId());
        model.addAttribute("rollbackOptions", served == null ? List.of() : lines.stream()
                .filter(l -> l.revoked() == null && Versions.isNewer(served.version(), l.pkg().version()))
                .toList());
        model.mergeAttributes(Map.of(PageBinding.PROMOTE, new PromoteForm(), PageBinding.FLOOR, new FloorForm(),
                PageBinding.ROLLBACK, new RollbackForm()));
        model.addAttribute("floorOptions", lines.stream()
                .filter(l -> l.revoked() == null && !l.floor()).toList());
        model.addAttribute("floors", floors.stream()
                .map(f -> new FloorLine(f.packageId(),
                        byId.containsKey(f.packageId()) ? byId.get(f.packageId()).version() : f.packageId().toString(),
                        f.reason(), Formats.time(f.createdAt())))
                .toList());
        model.addAttribute("revocations", List.copyOf(revocations));
        model.addAttribute("missingExtensions", extensions.forChannel(channel));
        return DETAIL;
    }
}
