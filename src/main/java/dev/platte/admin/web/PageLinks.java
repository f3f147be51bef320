package dev.platte.admin.web;

import dev.platte.common.Count;
import dev.platte.common.CountedPage;
import org.springframework.data.domain.Page;
import org.springframework.ui.Model;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What the pager shows under a list: how many in all ("about 1.2 million" when estimated), which page, and
 * previous and next links that keep every other query parameter.
 */
final class PageLinks {

    private PageLinks() {}

    static void add(Model model, Page<?> page) {
        add(model, page.getNumber(), page.hasPrevious(), page.hasNext(), Count.exactly(page.getTotalElements()),
                page.getTotalPages());
    }

    static void add(Model model, CountedPage<?> page) {
        add(model, page.number(), page.hasPrevious(), page.hasNext(), page.total(), page.totalPages());
    }

    private static void add(Model model, int number, boolean hasPrevious, boolean hasNext, Count total,
            long totalPages) {
        model.addAttribute("pagerTotal", Formats.count(total) + " in all");
        model.addAttribute("pagerPosition", "page " + (number + 1) + (total.exact()
                ? " of " + Math.max(totalPages, 1)
                : " of " + Formats.count(Count.about(totalPages))));
        model.addAttribute("previousUrl", hasPrevious ? link(number - 1) : null);
        model.addAttribute("nextUrl", hasNext ? link(number + 1) : null);
    }

    private static String link(int number) {
        return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", number)
                .build().toUriString();
    }
}
