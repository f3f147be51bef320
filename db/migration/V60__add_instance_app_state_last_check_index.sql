-- The instance list's default order (last check, newest first) across groups and applications: the page walks
-- this index instead of sorting a million rows. With created_at, a list that hides retired instances
-- (coalesce(last_check_at, created_at)) counts its first 10,000 from the index alone (RowCounter); so in V61
-- and V62. A plain CREATE INDEX (in the migration's transaction): on an existing fleet it holds writes to
-- instance_app_state for the build, about a second per million instances.
CREATE INDEX instance_app_state_last_check_idx ON instance_app_state (last_check_at DESC) INCLUDE (created_at);
