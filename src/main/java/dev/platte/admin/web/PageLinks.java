package dev.platte.admin.web;

import org.springframework.data.domain.Page;
import org.springframework.ui.Model;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Previous and next links of a paged list that keep every other query parameter. */
final class PageLinks {

    private PageLinks() {}

    static void add(Model model, Page<?> page) {
        model.addAttribute("previousUrl", page.hasPrevious() ? link(page.getNumber() - 1) : null);
        model.addAttribute("nextUrl", page.hasNext() ? link(page.getNumber() + 1) : null);
    }

    private static String link(int number) {
        return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", number)
                .build().toUriString();
    }
}
