package dev.platte.admin.api;

import dev.platte.catalog.Application;
import dev.platte.gate.AlertReceiver;
import dev.platte.gate.Gate;
import dev.platte.gate.GateService;
import dev.platte.admin.api.ApiRequests.GateRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Health gates", description = "Prometheus gates that pause a group's rollout, and the Alertmanager matchers of a group.")
@RequestMapping("/api/v1/apps/{app}/groups/{group}")
class GateApiController {

    private final GateService gates;
    private final AlertReceiver alerts;

    GateApiController(GateService gates, AlertReceiver alerts) {
        this.gates = gates;
        this.alerts = alerts;
    }

    record GateView(UUID id, UUID groupId, String name, String query, Double threshold, int consecutiveEvaluations,
            Duration interval, Duration soak, String onUnknown, String prometheusUrl, String state, int breachStreak,
            Instant breachingSince, Instant lastEvaluatedAt, Double lastValue, String lastError, boolean holding) {

        static GateView of(Gate gate) {
            var s = gate.settings();
            return new GateView(gate.id(), gate.groupId(), s.name(), s.query(), s.threshold(),
                    s.consecutiveEvaluations(), s.interval(), s.soak(), s.onUnknown().wireName(), s.prometheusUrl(),
                    gate.state().wireName(), gate.breachStreak(), gate.breachingSince(), gate.lastEvaluatedAt(),
                    gate.lastValue(), gate.lastError(), gate.holds());
        }
    }

    /** The group's gates with their last evaluation: time, value and state. */
    @GetMapping("/gates")
    List<GateView> list(Application app, @PathVariable UUID group) {
        return gates.gates(app, group).stream().map(GateView::of).toList();
    }

    @GetMapping("/gates/{id}")
    GateView get(Application app, @PathVariable UUID group, @PathVariable UUID id) {
        return GateView.of(gates.gate(app, group, id));
    }

    @PostMapping("/gates")
    ResponseEntity<GateView> create(Application app, @PathVariable UUID group,
            @Valid @RequestBody GateRequest request) {
        var gate = gates.create(app, group, request.toSettings());
        return ResponseEntity.created(URI.create("/api/v1/apps/" + app.id() + "/groups/" + group + "/gates/" + gate.id()))
                .body(GateView.of(gate));
    }

    @PutMapping("/gates/{id}")
    GateView update(Application app, @PathVariable UUID group, @PathVariable UUID id,
            @Valid @RequestBody GateRequest request) {
        return GateView.of(gates.update(app, group, id, request.toSettings()));
    }

    @DeleteMapping("/gates/{id}")
    ResponseEntity<Void> delete(Application app, @PathVariable UUID group, @PathVariable UUID id) {
        gates.delete(app, group, id);
        return ResponseEntity.noContent().build();
    }

    @Schema(description = """
            Which Alertmanager alerts pause the group: every label named must have the value given \
            (empty: platte_group=<group name>). resumeOnResolve: a resolved alert resumes the group it paused.""")
    record AlertSettingsRequest(@NotNull Map<String, String> matchers, boolean resumeOnResolve) {}

    record AlertSettingsView(Map<String, String> matchers, boolean resumeOnResolve, String pausedByAlert) {

        static AlertSettingsView of(AlertReceiver.Settings settings) {
            return new AlertSettingsView(settings.matchers().labels(), settings.resumeOnResolve(),
                    settings.pausedByAlert());
        }
    }

    @GetMapping("/alerts")
    AlertSettingsView alertSettings(Application app, @PathVariable UUID group) {
        return AlertSettingsView.of(alerts.settings(app, group));
    }

    @PutMapping("/alerts")
    AlertSettingsView configureAlerts(Application app, @PathVariable UUID group,
            @Valid @RequestBody AlertSettingsRequest request) {
        return AlertSettingsView.of(alerts.configure(app, group, request.matchers(), request.resumeOnResolve()));
    }
}
