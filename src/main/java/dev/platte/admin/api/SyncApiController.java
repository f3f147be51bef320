package dev.platte.admin.api;

import dev.platte.sync.SyncState;
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

    /** Syncs every configured upstream now (a replica already syncing one skips it). */
    @PostMapping("/api/v1/sync/run")
    Map<String, List<String>> run() {
        return Map.of("results", syncer.syncNow());
    }
}
