package dev.platte.admin.api;

import dev.platte.catalog.Application;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.ChannelService;
import dev.platte.rollout.ExtensionGuard;
import dev.platte.rollout.ExtensionGuard.MissingExtension;
import dev.platte.rollout.GroupService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Which OEM system extensions a package lacks for the nodes it is (or would be) served to. */
@RestController
@Tag(name = "OEM extensions", description = "OEMs whose oem-<OEM>.gz a package lacks, and how many nodes report them.")
@RequestMapping("/api/v1/apps/{app}")
class ExtensionApiController {

    private final PackageService packageService;
    private final ChannelService channelService;
    private final GroupService groups;
    private final ExtensionGuard extensions;

    ExtensionApiController(PackageService packageService, ChannelService channelService, GroupService groups,
            ExtensionGuard extensions) {
        this.packageService = packageService;
        this.channelService = channelService;
        this.groups = groups;
        this.extensions = extensions;
    }

    /** @param nodes non-retired nodes that report this OEM */
    record MissingExtensionView(String oem, String fileName, long nodes) {
        static List<MissingExtensionView> of(List<MissingExtension> missing) {
            return missing.stream().map(m -> new MissingExtensionView(m.oem(), m.fileName(), m.nodes())).toList();
        }
    }

    @Operation(summary = "What the group's current target lacks for the group's nodes")
    @GetMapping("/groups/{id}/missing-extensions")
    List<MissingExtensionView> group(Application app, @PathVariable UUID id) {
        return MissingExtensionView.of(extensions.forGroup(groups.group(app, id)));
    }

    @Operation(summary = "What the channel's package (or packageId, before promoting it) lacks for its groups' nodes")
    @GetMapping("/channels/{id}/missing-extensions")
    List<MissingExtensionView> channel(Application app, @PathVariable UUID id,
            @RequestParam(required = false) UUID packageId) {
        var channel = channelService.channel(app, id);
        return MissingExtensionView.of(packageId == null
                ? extensions.forChannel(channel)
                : extensions.forChannel(channel, packageService.pkg(app, packageId)));
    }

    @Operation(summary = "What the package lacks for the nodes of the application's groups of its arch")
    @GetMapping("/packages/{id}/missing-extensions")
    List<MissingExtensionView> pkg(Application app, @PathVariable UUID id) {
        return MissingExtensionView.of(extensions.forPackage(packageService.pkg(app, id)));
    }
}
