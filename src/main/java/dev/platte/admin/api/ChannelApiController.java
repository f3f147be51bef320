package dev.platte.admin.api;

import dev.platte.catalog.Application;
import dev.platte.admin.api.ApiRequests.ChannelRequest;
import dev.platte.admin.api.ApiRequests.FloorRequest;
import dev.platte.admin.api.ApiRequests.PromotionRequest;
import dev.platte.admin.api.ApiRequests.RollbackRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.platte.admin.api.ApiViews.ChannelView;
import dev.platte.admin.api.ApiViews.FloorView;
import dev.platte.catalog.Arch;
import dev.platte.catalog.PackageService;
import dev.platte.catalog.ChannelService;
import dev.platte.catalog.ChannelFloor;
import dev.platte.rollout.ExtensionGuard;
import java.time.Instant;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Channels", description = "Which package a channel serves per arch (promotion) and its floors.")
@RequestMapping("/api/v1/apps/{app}/channels")
class ChannelApiController {

    private final PackageService packageService;
    private final ChannelService channelService;
    private final ExtensionGuard extensions;

    ChannelApiController(PackageService packageService, ChannelService channelService, ExtensionGuard extensions) {
        this.packageService = packageService;
        this.channelService = channelService;
        this.extensions = extensions;
    }

    /**
     * The promoted channel, with what to look at: {@code warnings} name OEM extensions the package lacks for
     * nodes of the channel's groups (the promotion happened all the same).
     */
    record PromotionView(UUID id, UUID applicationId, String name, String arch, UUID packageId, long version,
            Instant createdAt, List<String> warnings, List<ExtensionApiController.MissingExtensionView> missingExtensions) {}

    @GetMapping
    List<ChannelView> list(Application app) {
        return channelService.channels(app).stream().map(ChannelView::of).toList();
    }

    @GetMapping("/{id}")
    ResponseEntity<ChannelView> get(Application app, @PathVariable UUID id) {
        var channel = channelService.channel(app, id);
        return ResponseEntity.ok().eTag(ETags.of(channel.rowVersion())).body(ChannelView.of(channel));
    }

    @PostMapping
    ResponseEntity<ChannelView> create(Application app, @Valid @RequestBody ChannelRequest request,
            Principal principal) {
        var created = channelService.createChannel(app, request.name(), Arch.fromWireName(request.arch()), request.packageId(),
                principal.getName());
        return ResponseEntity.created(URI.create("/api/v1/apps/" + created.applicationId() + "/channels/" + created.id()))
                .body(ChannelView.of(created));
    }

    @PutMapping("/{id}")
    ResponseEntity<ChannelView> update(Application app, @PathVariable UUID id,
            @Valid @RequestBody ChannelRequest request, Principal principal,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var channel = channelService.updateChannel(app, id, request.name(), Arch.fromWireName(request.arch()),
                request.packageId(), principal.getName(), ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag(ETags.of(channel.rowVersion())).body(ChannelView.of(channel));
    }

    /** Promotes a package: the channel's groups roll it out from now on. Warns, never refuses, about missing OEM extensions. */
    @PutMapping("/{id}/package")
    ResponseEntity<PromotionView> promote(Application app, @PathVariable UUID id,
            @Valid @RequestBody PromotionRequest request, Principal principal,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var channel = channelService.promote(app, id, request.packageId(), principal.getName(), ETags.parse(ifMatch));
        var pkg = packageService.pkg(app, request.packageId());
        var missing = extensions.forChannel(channel, pkg);
        return ResponseEntity.ok().eTag(ETags.of(channel.rowVersion())).body(new PromotionView(channel.id(),
                channel.applicationId(), channel.name(), channel.arch().wireName(), channel.packageId(),
                channel.rowVersion(), channel.createdAt(), missing.stream().map(m -> m.message(pkg.version())).toList(),
                ExtensionApiController.MissingExtensionView.of(missing)));
    }

    @Operation(summary = "Roll the channel back to an older package",
            description = "The channel serves the older, non-revoked package; nodes on newer versions in the groups "
                    + "that follow it are offered it as a downgrade, paced by each group's policy like any rollout. "
                    + "Rolling forward again is an ordinary promotion of a newer package.")
    @ApiResponse(responseCode = "200", description = "Rolled back")
    @ApiResponse(responseCode = "400", description = "packageId is not older, is revoked here, or is built for another arch")
    @ApiResponse(responseCode = "409", description = "The channel serves nothing, or changed since If-Match")
    @PostMapping("/{id}/rollback")
    ResponseEntity<ChannelView> rollBack(Application app, @PathVariable UUID id,
            @Valid @RequestBody RollbackRequest request, Principal principal,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var channel = channelService.rollBack(app, id, request.packageId(), request.reason(), principal.getName(),
                ETags.parse(ifMatch));
        return ResponseEntity.ok().eTag(ETags.of(channel.rowVersion())).body(ChannelView.of(channel));
    }

    @GetMapping("/{id}/floors")
    List<FloorView> floors(Application app, @PathVariable UUID id) {
        return channelService.floors(app, id).stream().map(floor -> floorView(app, floor)).toList();
    }

    /** Makes a package a mandatory step for nodes of the channel below it. */
    @PostMapping("/{id}/floors")
    ResponseEntity<FloorView> addFloor(Application app, @PathVariable UUID id,
            @Valid @RequestBody FloorRequest request) {
        var floor = channelService.addFloor(app, id, request.packageId(), request.reason());
        return ResponseEntity.status(201).body(floorView(app, floor));
    }

    @DeleteMapping("/{id}/floors/{packageId}")
    ResponseEntity<Void> removeFloor(Application app, @PathVariable UUID id, @PathVariable UUID packageId) {
        channelService.removeFloor(app, id, packageId);
        return ResponseEntity.noContent().build();
    }

    private FloorView floorView(Application app, ChannelFloor floor) {
        return new FloorView(floor.packageId(), packageService.pkg(app, floor.packageId()).version(), floor.reason(),
                floor.createdAt());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Application app, @PathVariable UUID id) {
        channelService.deleteChannel(app, id);
        return ResponseEntity.noContent().build();
    }
}
