-- The instance list filtered by version (newest check first) or sorted by version, across groups. Plain
-- CREATE INDEX, as V60.
CREATE INDEX instance_app_state_version_idx ON instance_app_state (version, last_check_at DESC) INCLUDE (created_at);
