package dev.platte.admin.api;

import dev.platte.admin.api.ApiViews.PageView;
import dev.platte.audit.AuditEntry;
import dev.platte.audit.AuditFilter;
import dev.platte.audit.AuditTrail;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Who changed what; read only, there is no way to edit or delete entries. */
@RestController
@Tag(name = "Audit", description = "Who changed what, with before and after values (admins only, read only).")
class AuditApiController {

    private final AuditTrail audit;
    private final JsonMapper json;

    AuditApiController(AuditTrail audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    record AuditView(long id, Instant at, String actor, String action, String targetType, String targetId,
            JsonNode before, JsonNode after) {}

    @GetMapping("/api/v1/audit")
    PageView<AuditView> list(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant until,
            @PageableDefault(size = 50, sort = "createdAt", direction = Sort.Direction.DESC) Pageable page) {
        var filter = new AuditFilter(actor, action, targetType, targetId, since, until);
        return PageView.of(audit.list(filter, page), this::view);
    }

    private AuditView view(AuditEntry entry) {
        return new AuditView(entry.id(), entry.createdAt(), entry.actor(), entry.action(), entry.targetType(),
                entry.targetId(), parse(entry.beforeJson()), parse(entry.afterJson()));
    }

    private JsonNode parse(String text) {
        return text == null ? null : json.readTree(text);
    }
}
