package dev.platte.admin.api;

import dev.platte.catalog.Architecture;
import dev.platte.common.ConflictException;
import dev.platte.sync.SyncState;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.RequestBody;
import dev.platte.sync.Syncer;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Sync", description = "Following upstream Omaha servers: state per channel and arch, and a manual run.")
class SyncApiController {

    private final Syncer syncer;

    SyncApiController(Syncer syncer) {
        this.syncer = syncer;
    }

    record SyncStateView(String upstream, String channel, String arch, Instant lastAttemptAt, Instant lastSuccessAt,
            String lastError, String lastChange, String upstreamVersion) {
        static SyncStateView of(SyncState s) {
            return new SyncStateView(s.key().upstream(), s.key().channel(), s.key().arch(), s.lastAttemptAt(),
                    s.lastSuccessAt(), s.lastError(), s.lastChange(), s.upstreamVersion());
        }
    }

    /** What each upstream channel last did: attempt, success, error in words, change. */
    @GetMapping("/api/v1/sync")
    List<SyncStateView> states() {
        return syncer.states().stream().map(SyncStateView::of).toList();
    }

    record ImportRequest(
            @NotBlank String upstream,
            @NotBlank String channel,
            String localChannel,
            @NotNull @Architecture(servable = true) String arch,
            @NotBlank String version,
            boolean promote) {}

    /**
     * Imports one specific (older) release from an upstream Platte into the application, for fleets that
     * must stay back: asked through the upstream {@code channel}; {@code promote} also points
     * {@code localChannel} (default: the same name) at it.
     */
    @PostMapping("/api/v1/sync/import")
    Map<String, String> importRelease(@Valid @RequestBody ImportRequest request) {
        try {
            return Map.of("result", syncer.importRelease(request.upstream(), request.channel(), request.localChannel(),
                    request.arch(), request.version(), request.promote()));
        } catch (Syncer.ImportFailedException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    /** Syncs every configured upstream now (a replica already syncing one skips it). */
    @PostMapping("/api/v1/sync/run")
    Map<String, List<String>> run() {
        return Map.of("results", syncer.syncNow());
    }
}
