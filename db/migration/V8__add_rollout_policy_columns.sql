-- The rest of a group's rollout policy; NULL means "not limited" / "not used".
ALTER TABLE update_group
    ADD COLUMN max_concurrent_updates integer CHECK (max_concurrent_updates > 0),
    ADD COLUMN poll_interval_seconds  integer CHECK (poll_interval_seconds > 0),
    ADD COLUMN ramp_start_percent     integer CHECK (ramp_start_percent BETWEEN 0 AND 100),
    ADD COLUMN ramp_duration_seconds  integer CHECK (ramp_duration_seconds > 0),
    ADD COLUMN halt_failure_count     integer CHECK (halt_failure_count > 0),
    ADD COLUMN halt_failure_percent   integer CHECK (halt_failure_percent BETWEEN 1 AND 100),
    ADD COLUMN halt_min_attempts      integer NOT NULL DEFAULT 10 CHECK (halt_min_attempts > 0),
    ADD COLUMN paused_automatically   boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT update_group_ramp_complete CHECK ((ramp_start_percent IS NULL) = (ramp_duration_seconds IS NULL));
