package dev.platte.admin.api;

import dev.platte.common.WireEnums;
import dev.platte.fleetlock.InstanceLock;
import dev.platte.fleetlock.RebootGroupSettings;
import dev.platte.fleetlock.RebootGroupView;
import dev.platte.fleetlock.RebootGroups;
import dev.platte.fleetlock.Tie;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Reboot groups", description = "FleetLock reboot coordination: slots per reboot group, holders, "
        + "recent refusals, the tie to a Platte group's pause and maintenance windows.")
class RebootGroupApiController {

    private final RebootGroups rebootGroups;

    RebootGroupApiController(RebootGroups rebootGroups) {
        this.rebootGroups = rebootGroups;
    }

    @Schema(description = "A reboot group's configuration; absent fields take their defaults")
    record RebootGroupRequest(
            @Schema(description = "holders at once (default platte.fleetlock.default-slots)") @Min(1) @Max(RebootGroups.MAX_SLOTS) Integer slots,
            @Schema(description = "track (default: the groups whose track is this name), group, or none",
                    allowableValues = {"track", "group", "none"}) String tie,
            @Schema(description = "the Platte group, with tie=group") UUID tiedGroupId,
            @Schema(description = "release a holder by itself after this long, e.g. PT2H (default: never)", type = "string",
                    example = "PT2H") Duration maxHold,
            @Schema(description = "reboots only inside the tied groups' maintenance windows") Boolean windowsOnly) {

        RebootGroupSettings toSettings() {
            return new RebootGroupSettings(slots, WireEnums.parse("tie", tie, Tie.values()), tiedGroupId, maxHold,
                    windowsOnly);
        }
    }

    @GetMapping("/api/v1/reboot-groups")
    @Operation(summary = "Every reboot group with its slots, holders (since when) and recent refusals")
    List<RebootGroupView> list() {
        return rebootGroups.list();
    }

    @GetMapping("/api/v1/reboot-groups/{name}")
    @Operation(summary = "One reboot group")
    RebootGroupView get(@PathVariable String name) {
        return rebootGroups.get(name);
    }

    @PutMapping("/api/v1/reboot-groups/{name}")
    @Operation(summary = "Create or reconfigure a reboot group (slots, tie, maximum hold time, windows only); audited")
    RebootGroupView configure(@PathVariable String name, @Valid @RequestBody RebootGroupRequest request) {
        return rebootGroups.configure(name, request.toSettings());
    }

    @DeleteMapping("/api/v1/reboot-groups/{name}")
    @Operation(summary = "Delete a reboot group and its holders; audited")
    ResponseEntity<Void> delete(@PathVariable String name) {
        rebootGroups.delete(name);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/v1/reboot-groups/{name}/holders/{holderId}")
    @Operation(summary = "Release a holder's slot (a node that died mid-reboot never will); audited")
    ResponseEntity<Void> release(@PathVariable String name, @PathVariable String holderId) {
        rebootGroups.release(name, holderId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/instances/{machineId}/reboot-locks")
    @Operation(summary = "The reboot slots an instance holds (FleetLock holder id = its machine id)")
    List<InstanceLock> locksOf(@PathVariable String machineId) {
        return rebootGroups.locksOf(machineId);
    }
}
