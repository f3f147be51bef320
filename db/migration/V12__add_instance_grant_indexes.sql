-- Grant accounting: grants in the sliding period, and updates in progress, per group.
CREATE INDEX instance_app_state_group_granted_idx ON instance_app_state (group_id, last_granted_at);
CREATE INDEX instance_app_state_group_in_progress_idx ON instance_app_state (group_id, last_granted_at)
    WHERE update_in_progress;
-- Grants within the sliding period are counted from the history, so re-grants count too.
CREATE INDEX instance_status_history_group_status_idx ON instance_status_history (group_id, status, created_at);
