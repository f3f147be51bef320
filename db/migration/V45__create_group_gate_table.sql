-- Health gates: a PromQL expression per group, evaluated while the group's rollout runs and during a soak after
-- it completes. The row is also the evaluation's state (claimed with FOR UPDATE SKIP LOCKED, so one replica
-- evaluates a gate at a time) and what the group page shows of it.
CREATE TABLE group_gate (
    id                      uuid             PRIMARY KEY,
    group_id                uuid             NOT NULL REFERENCES update_group (id) ON DELETE CASCADE,
    name                    varchar(64)      NOT NULL,
    query                   text             NOT NULL,
    threshold               double precision,
    consecutive_evaluations integer          NOT NULL CHECK (consecutive_evaluations > 0),
    interval_seconds        integer          NOT NULL CHECK (interval_seconds > 0),
    soak_seconds            integer          NOT NULL CHECK (soak_seconds >= 0),
    on_unknown              varchar(16)      NOT NULL,
    prometheus_url          varchar(2048),
    state                   varchar(16)      NOT NULL,
    breach_streak           integer          NOT NULL DEFAULT 0,
    breaching_since         timestamptz,
    last_evaluated_at       timestamptz,
    last_value              double precision,
    last_error              varchar(512),
    next_evaluation_at      timestamptz      NOT NULL,
    created_at              timestamptz      NOT NULL,
    UNIQUE (group_id, name)
);

CREATE INDEX group_gate_next_evaluation_idx ON group_gate (next_evaluation_at);
