package dev.platte.admin.api;

import dev.platte.catalog.Application;
import dev.platte.admin.api.ApiRequests.ApplicationRequest;
import dev.platte.admin.api.ApiViews.ApplicationView;
import dev.platte.catalog.ApplicationService;
import dev.platte.fleet.FleetStatistics;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Applications; {@code {app}} is a UUID or a product id everywhere in the API. */
@RestController
@Tag(name = "Applications", description = "What Platte ships updates for; {app} is a UUID or product id.")
@RequestMapping("/api/v1/apps")
class ApplicationApiController {

    private final ApplicationService applicationService;
    private final FleetStatistics statistics;

    ApplicationApiController(ApplicationService applicationService, FleetStatistics statistics) {
        this.applicationService = applicationService;
        this.statistics = statistics;
    }

    @GetMapping
    List<ApplicationView> list() {
        return applicationService.applications().stream().map(ApplicationView::of).toList();
    }

    @GetMapping("/{app}")
    ApplicationView get(Application app) {
        return ApplicationView.of(app);
    }

    /** Versions the application's non-retired instances run, across its groups. */
    @GetMapping("/{app}/stats/versions")
    FleetStatistics.Breakdown versions(Application app) {
        return statistics.versionsOfApplication(app.id());
    }

    @PostMapping
    ResponseEntity<ApplicationView> create(@Valid @RequestBody ApplicationRequest request) {
        var created = applicationService.createApplication(request.id(), request.name(), request.description(), request.productId());
        return ResponseEntity.created(URI.create("/api/v1/apps/" + created.id())).body(ApplicationView.of(created));
    }

    @PutMapping("/{app}")
    ApplicationView update(Application app, @Valid @RequestBody ApplicationRequest request) {
        return ApplicationView.of(
                applicationService.updateApplication(app, request.name(), request.description(), request.productId()));
    }

    @DeleteMapping("/{app}")
    ResponseEntity<Void> delete(Application app) {
        applicationService.deleteApplication(app);
        return ResponseEntity.noContent().build();
    }
}
