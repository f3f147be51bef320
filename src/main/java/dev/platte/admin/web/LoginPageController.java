package dev.platte.admin.web;

import java.util.ArrayList;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginPageController {

    private static final String LOGIN = "login";

    private final ObjectProvider<ClientRegistrationRepository> oidcClients;

    LoginPageController(ObjectProvider<ClientRegistrationRepository> oidcClients) {
        this.oidcClients = oidcClients;
    }

    record OidcLink(String name, String url) {}

    /**
     * The sign-in form, plus one link per configured OIDC provider; after too many wrong passwords, how
     * many seconds to wait ({@code throttled}, whole seconds; anything else is ignored).
     */
    @GetMapping("/login")
    String login(@RequestParam(required = false) String throttled, CsrfToken csrf, Model model) {
        // Made now, while its cookie can still be set, not while the written page may already be on its way.
        csrf.getToken();
        if (throttled != null && throttled.matches("[0-9]{1,9}")) {
            model.addAttribute("retryAfterSeconds", Long.parseLong(throttled));
        }
        var links = new ArrayList<OidcLink>();
        if (oidcClients.getIfAvailable() instanceof Iterable<?> registrations) {
            for (var registration : registrations) {
                var client = (ClientRegistration) registration;
                links.add(new OidcLink(client.getClientName(), "/oauth2/authorization/" + client.getRegistrationId()));
            }
        }
        model.addAttribute("oidcLinks", links);
        return LOGIN;
    }
}
