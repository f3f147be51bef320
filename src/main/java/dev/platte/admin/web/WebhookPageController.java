package dev.platte.admin.web;

import dev.platte.catalog.ApplicationService;
import dev.platte.notification.NotificationType;
import dev.platte.notification.Webhook;
import dev.platte.notification.WebhookFormat;
import dev.platte.notification.WebhookService;
import dev.platte.rollout.GroupService;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Webhooks for admins: the list, the form, a webhook's delivery log and its test button. */
@Controller
class WebhookPageController {

    private static final String LIST = "webhooks/list";
    private static final String FORM = "webhooks/form";
    private static final String DETAIL = "webhooks/detail";
    private static final int LOG_SIZE = 50;

    private final WebhookService webhooks;
    private final ApplicationService applicationService;
    private final GroupService groups;
    private final Validator validator;

    WebhookPageController(WebhookService webhooks, ApplicationService applicationService, GroupService groups,
            Validator validator) {
        this.webhooks = webhooks;
        this.applicationService = applicationService;
        this.groups = groups;
        this.validator = validator;
    }

    @GetMapping("/webhooks")
    String list(Model model) {
        model.addAttribute("webhooks", webhooks.webhooks());
        return LIST;
    }

    @GetMapping("/webhooks/new")
    String newWebhook(Model model) {
        model.addAttribute("form", WebhookForm.blank());
        return form(null, model);
    }

    @PostMapping("/webhooks/new")
    String create(@ModelAttribute(PageBinding.FORM) WebhookForm form, BindingResult errors, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var created = submit(form, errors, response, () -> webhooks.create(form.toSpec()));
        if (created == null) {
            return form(null, model);
        }
        redirect.addFlashAttribute("notice", "Webhook " + created.webhook().name() + " created.");
        redirect.addFlashAttribute("secret", created.secret());
        return "redirect:/webhooks/" + created.webhook().id();
    }

    @GetMapping("/webhooks/{id}")
    String detail(@PathVariable UUID id, Model model) {
        var webhook = webhooks.webhook(id);
        model.addAttribute("webhook", webhook);
        model.addAttribute("scope", scope(webhook));
        model.addAttribute("deliveries", webhooks.deliveries(id, LOG_SIZE));
        return DETAIL;
    }

    @GetMapping("/webhooks/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        var webhook = webhooks.webhook(id);
        model.addAttribute("form", WebhookForm.of(webhook));
        return form(webhook, model);
    }

    @PostMapping("/webhooks/{id}/edit")
    String update(@PathVariable UUID id, @ModelAttribute(PageBinding.FORM) WebhookForm form, BindingResult errors, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var webhook = webhooks.webhook(id);
        var updated = submit(form, errors, response, () -> webhooks.update(id, form.toSpec(), form.version));
        if (updated == null) {
            return form(webhook, model);
        }
        redirect.addFlashAttribute("notice", "Webhook " + updated.name() + " saved.");
        return "redirect:/webhooks/" + id;
    }

    @PostMapping("/webhooks/{id}/test")
    String test(@PathVariable UUID id, RedirectAttributes redirect) {
        var delivery = webhooks.sendTest(id);
        redirect.addFlashAttribute("notice", switch (delivery.status()) {
            case DELIVERED -> "Test event delivered (HTTP " + delivery.lastStatusCode() + ").";
            case PENDING -> "Test event not delivered yet: " + delivery.lastError() + ". Platte tries again at "
                    + delivery.nextAttemptAt() + ".";
            case FAILED -> "Test event not delivered: " + delivery.lastError() + ".";
        });
        return "redirect:/webhooks/" + id;
    }

    @PostMapping("/webhooks/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        var webhook = webhooks.webhook(id);
        webhooks.delete(id);
        redirect.addFlashAttribute("notice", "Webhook " + webhook.name() + " deleted.");
        return "redirect:/webhooks";
    }

    /**
     * Checks the form by the rules of {@link dev.platte.notification.WebhookSpec} (those the API applies too),
     * then runs the change; every refusal goes next to its input, or on top of the form when it is about the
     * whole. Returns {@code null} when anything was refused.
     */
    private <T> T submit(WebhookForm form, BindingResult errors, HttpServletResponse response, Supplier<T> change) {
        for (var violation : validator.validate(form.toSpec())) {
            FormErrors.reject(errors, violation.getPropertyPath().iterator().next().getName(), violation.getMessage());
        }
        var result = FormErrors.submit(errors, response, change);
        if (result == null && response.getStatus() != HttpStatus.CONFLICT.value()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
        return result;
    }

    private String form(Webhook webhook, Model model) {
        model.addAttribute("webhook", webhook);
        model.addAttribute("eventTypes", NotificationType.subscribable());
        model.addAttribute("formats", WebhookFormat.values());
        model.addAttribute("applications", applicationService.applications());
        model.addAttribute("groups", groups.allGroups());
        model.addAttribute("action", webhook == null ? "/webhooks/new" : "/webhooks/" + webhook.id() + "/edit");
        return FORM;
    }

    /** What a webhook is limited to, in words. */
    private String scope(Webhook webhook) {
        if (webhook.applicationId() == null) {
            return "every application";
        }
        var app = applicationService.findApplication(webhook.applicationId().toString())
                .map(a -> a.name()).orElse(webhook.applicationId().toString());
        if (webhook.groupId() == null) {
            return app;
        }
        return app + " › " + groups.findGroup(webhook.groupId()).map(g -> g.name()).orElse(webhook.groupId().toString());
    }
}
