package dev.platte.admin.web;

import dev.platte.catalog.CatalogService;
import dev.platte.rollout.ExtensionGuard;
import dev.platte.catalog.Channel;
import dev.platte.catalog.UpdatePackage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** One application: its groups and their rollouts, its channels with floors and revocations, its packages. */
@Controller
class ApplicationPageController {

    private static final String DETAIL = "apps/detail";

    private final CatalogService catalog;
    private final Dashboard dashboard;
    private final ExtensionGuard extensions;

    ApplicationPageController(CatalogService catalog, Dashboard dashboard, ExtensionGuard extensions) {
        this.catalog = catalog;
        this.dashboard = dashboard;
        this.extensions = extensions;
    }

    record ChannelRow(Channel channel, String packageVersion, List<String> floors, List<String> revoked) {}

    @GetMapping("/apps/{app}")
    String application(@PathVariable String app, Model model) {
        var application = catalog.application(app);
        var reference = application.id().toString();
        var packages = catalog.packages(reference);
        Map<UUID, UpdatePackage> byId = packages.stream().collect(Collectors.toMap(UpdatePackage::id, Function.identity()));
        var channels = catalog.channels(reference).stream().map(channel -> new ChannelRow(channel,
                        channel.packageId() == null ? null : byId.get(channel.packageId()).version(),
                        catalog.floors(reference, channel.id()).stream()
                                .map(f -> byId.get(f.packageId()).version() + (f.reason().isEmpty() ? "" : " (" + f.reason() + ")"))
                                .toList(),
                        packages.stream().filter(p -> catalog.isRevoked(p.id(), channel.id())).map(UpdatePackage::version)
                                .toList()))
                .toList();
        model.addAttribute("app", application);
        model.addAttribute("groups", dashboard.groupRows(application));
        model.addAttribute("channels", channels);
        model.addAttribute("packages", packages);
        model.addAttribute("missingExtensions", extensions.forPackages(packages).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue().stream()
                        .map(m -> m.fileName() + " (" + m.nodes() + " node" + (m.nodes() == 1 ? "" : "s") + ")")
                        .collect(Collectors.joining(", ")))));
        model.addAttribute("activity", dashboard.latestActivity(application.id(), null, 10));
        return DETAIL;
    }
}
