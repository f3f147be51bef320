package dev.platte.admin.web;

import dev.platte.catalog.Application;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.ChannelService;
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

    private final PackageService packageService;
    private final ChannelService channelService;
    private final Dashboard dashboard;
    private final ExtensionGuard extensions;

    ApplicationPageController(PackageService packageService, ChannelService channelService, Dashboard dashboard,
            ExtensionGuard extensions) {
        this.packageService = packageService;
        this.channelService = channelService;
        this.dashboard = dashboard;
        this.extensions = extensions;
    }

    record ChannelRow(Channel channel, String packageVersion, List<String> floors, List<String> revoked) {}

    @GetMapping("/apps/{app}")
    String application(Application application, Model model) {
        var packages = packageService.packages(application);
        Map<UUID, UpdatePackage> byId = packages.stream().collect(Collectors.toMap(UpdatePackage::id, Function.identity()));
        var channels = channelService.channels(application).stream().map(channel -> new ChannelRow(channel,
                        channel.packageId() == null ? null : byId.get(channel.packageId()).version(),
                        channelService.floors(application, channel.id()).stream()
                                .map(f -> byId.get(f.packageId()).version() + (f.reason().isEmpty() ? "" : " (" + f.reason() + ")"))
                                .toList(),
                        packages.stream().filter(p -> packageService.isRevoked(p.id(), channel.id())).map(UpdatePackage::version)
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
