-- One row per group: the rollout of its channel's current package. Grants lock this row, so limits
-- hold exactly however many replicas decide at once.
CREATE TABLE group_rollout (
    group_id          uuid PRIMARY KEY REFERENCES update_group (id) ON DELETE CASCADE,
    package_id        uuid,
    target_version    varchar(255),
    started_at        timestamptz NOT NULL,
    canary_machine_id varchar(100),
    canary_outcome    varchar(16) CHECK (canary_outcome IN ('pending', 'succeeded', 'failed')),
    attempts          integer     NOT NULL DEFAULT 0,
    failures          integer     NOT NULL DEFAULT 0,
    completed_at      timestamptz
);
