-- Which Alertmanager alerts pause a group: equality matchers on the alert's labels (no row means the default
-- matcher platte_group=<group name>), whether a resolved alert resumes it, and which alert paused it.
CREATE TABLE group_alert_receiver (
    group_id          uuid         PRIMARY KEY REFERENCES update_group (id) ON DELETE CASCADE,
    matchers          jsonb        NOT NULL,
    resume_on_resolve boolean      NOT NULL DEFAULT false,
    paused_by_alert   varchar(128)
);
