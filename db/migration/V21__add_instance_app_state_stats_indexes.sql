-- Dashboard breakdowns (versions, statuses, active instances) read only these columns: index-only scans.
CREATE INDEX instance_app_state_group_stats_idx ON instance_app_state (group_id)
    INCLUDE (version, status, last_check_at, created_at);
CREATE INDEX instance_app_state_application_stats_idx ON instance_app_state (application_id)
    INCLUDE (version, last_check_at, created_at);
