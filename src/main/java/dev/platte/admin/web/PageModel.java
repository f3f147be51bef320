package dev.platte.admin.web;

import dev.platte.admin.account.Role;
import dev.platte.catalog.Arch;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page needs to know about the signed-in user: who, and whether to show write controls. */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

    @ModelAttribute("currentUser")
    String currentUser(Authentication authentication) {
        return authentication == null ? null : authentication.getName();
    }

    /** Viewers see no write controls at all; the server refuses their posts regardless. */
    @ModelAttribute("isAdmin")
    boolean isAdmin(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> Role.ADMIN.authority().equals(a.getAuthority()));
    }

    /** The architectures a package may name, for the forms' select boxes: the list is the rule's own. */
    @ModelAttribute("packageArchitectures")
    List<Arch> packageArchitectures() {
        return List.of(Arch.values());
    }

    /** The architectures a channel may serve. */
    @ModelAttribute("channelArchitectures")
    List<Arch> channelArchitectures() {
        return Arch.SERVABLE;
    }
}
