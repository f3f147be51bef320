package dev.platte.admin.web;

import dev.platte.catalog.Application;
import dev.platte.common.ConflictException;
import dev.platte.common.InvalidInputException;
import dev.platte.payload.PayloadAccessService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** An application's payload download credentials: require them, create (secret shown once), revoke. */
@Controller
class PayloadAccessPageController {

    private final PayloadAccessService access;

    PayloadAccessPageController(PayloadAccessService access) {
        this.access = access;
    }

    @GetMapping("/apps/{app}/payload-access")
    String page(Application application, Model model) {
        model.addAttribute("app", application);
        model.addAttribute("required", access.requiresCredentials(application.id()));
        model.addAttribute("credentials", access.credentials(application.id()));
        return "apps/payload-access";
    }

    @PostMapping("/apps/{app}/payload-access")
    String require(Application application, @RequestParam boolean required, RedirectAttributes redirect) {
        access.requireCredentials(application.id(), required);
        redirect.addFlashAttribute("notice", required
                ? "Hosted payloads of " + application.name() + " now need valid credentials."
                : "Hosted payloads of " + application.name() + " no longer need credentials.");
        return redirect(application.id());
    }

    /**
     * Answers with the page itself rather than a redirect: a flash attribute would carry the secret through
     * the session store, and the secret must live nowhere but in this answer.
     */
    @PostMapping("/apps/{app}/payload-credentials")
    String create(Application application, @RequestParam(defaultValue = "") String name, Model model,
            HttpServletResponse response) {
        try {
            var issued = access.createCredential(application.id(), name.strip());
            model.addAttribute("issuedName", issued.credential().name());
            model.addAttribute("issuedSecret", issued.secret());
            response.setHeader("Cache-Control", "no-store");
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("error", "Credential not created: the name " + e.getMessage());
        } catch (ConflictException e) {
            response.setStatus(409);
            model.addAttribute("error", "Credential not created: " + e.getMessage());
        }
        return page(application, model);
    }

    @PostMapping("/apps/{app}/payload-credentials/{id}/revoke")
    String revoke(Application application, @PathVariable UUID id, RedirectAttributes redirect) {
        var revoked = access.revokeCredential(application.id(), id);
        redirect.addFlashAttribute("notice", "Credential " + revoked.name() + " revoked: downloads with it are refused.");
        return redirect(application.id());
    }

    private static String redirect(UUID applicationId) {
        return "redirect:/apps/" + applicationId + "/payload-access";
    }
}
