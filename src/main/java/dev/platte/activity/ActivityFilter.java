package dev.platte.activity;

import java.time.Instant;
import java.util.UUID;

/** Which activity to list; {@code null} fields do not filter. */
public record ActivityFilter(UUID applicationId, UUID groupId, Severity severity, ActivityKind kind, Instant since,
        Instant until) {}
