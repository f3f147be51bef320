-- The instance list filtered by status (newest check first) or sorted by status, across groups. Plain
-- CREATE INDEX, as V60.
CREATE INDEX instance_app_state_status_idx ON instance_app_state (status, last_check_at DESC) INCLUDE (created_at);
