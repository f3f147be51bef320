package dev.platte.audit;

import java.time.Instant;

/** Which audit entries to list; {@code null} fields do not filter. */
public record AuditFilter(String actor, String action, String targetType, String targetId, Instant since,
        Instant until) {}
