package dev.platte.admin.api;

import dev.platte.admin.api.ApiViews.InstanceSummaryView;
import dev.platte.admin.api.ApiViews.InstanceView;
import dev.platte.admin.api.ApiViews.PageView;
import dev.platte.catalog.ApplicationService;
import dev.platte.common.InvalidInputException;
import dev.platte.common.WireEnums;
import dev.platte.fleet.FleetService;
import dev.platte.fleet.InstanceListing;
import dev.platte.fleet.InstanceQuery;
import dev.platte.fleet.InstanceStatus;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Instances", description = "Machines that talked to Platte: search, state, history, events, retirement.")
@RequestMapping("/api/v1/instances")
class InstanceApiController {

    private final FleetService fleet;
    private final InstanceListing listing;
    private final ApplicationService applicationService;

    InstanceApiController(FleetService fleet, InstanceListing listing, ApplicationService applicationService) {
        this.fleet = fleet;
        this.listing = listing;
        this.applicationService = applicationService;
    }

    record AliasRequest(@Size(max = 256) String alias) {}

    /**
     * Instances with their state per application. {@code q} is a prefix of the machine id, the alias or
     * the IP; {@code notSeenForDays} finds the silent ones; {@code hideRetired} drops those not seen for
     * {@code platte.fleet.retired-after}. {@code totalItems} is exact up to 10,000, an estimate beyond
     * ({@code totalExact} says which).
     */
    @GetMapping
    PageView<InstanceSummaryView> list(
            @RequestParam(required = false) String app,
            @RequestParam(required = false) UUID group,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String version,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer notSeenForDays,
            @RequestParam(defaultValue = "false") boolean hideRetired,
            @PageableDefault(size = 50, sort = "lastCheckAt", direction = Sort.Direction.DESC) Pageable page) {
        if (notSeenForDays != null && notSeenForDays < 0) {
            throw new InvalidInputException("notSeenForDays", "must be 0 or more");
        }
        var applicationId = app == null || app.isBlank() ? null : applicationService.application(app).id();
        var query = new InstanceQuery(applicationId, group,
                WireEnums.parse("status", status, InstanceStatus.values()), version, q,
                notSeenForDays == null ? null : Duration.ofDays(notSeenForDays), hideRetired);
        return PageView.of(listing.instances(query, page), InstanceSummaryView::of);
    }

    /** One instance with, per application, its state, status history and events. */
    @GetMapping("/{machineId}")
    InstanceView get(@PathVariable String machineId) {
        return InstanceView.of(fleet.instance(machineId));
    }

    @PutMapping("/{machineId}/alias")
    InstanceView changeAlias(@PathVariable String machineId, @Valid @RequestBody AliasRequest request) {
        fleet.changeAlias(machineId, request.alias());
        return InstanceView.of(fleet.instance(machineId));
    }

    @DeleteMapping("/{machineId}")
    ResponseEntity<Void> delete(@PathVariable String machineId) {
        fleet.deleteInstance(machineId);
        return ResponseEntity.noContent().build();
    }

    /** Deletes every retired instance (not seen for {@code platte.fleet.retired-after}). */
    @DeleteMapping("/retired")
    Map<String, Integer> deleteRetired() {
        return Map.of("deleted", fleet.deleteRetired());
    }
}
