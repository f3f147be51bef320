-- The instance list's default order (last check, newest first) across groups and applications: the page walks
-- this index instead of sorting a million rows. A plain CREATE INDEX (in the migration's transaction): on an
-- existing fleet it holds writes to instance_app_state for the build, about a second per million instances.
CREATE INDEX instance_app_state_last_check_idx ON instance_app_state (last_check_at DESC);
