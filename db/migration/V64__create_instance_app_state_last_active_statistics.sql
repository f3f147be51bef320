-- "Active since" (last check, or registration if none) is an expression the planner has no statistics for: it
-- would guess a third of the rows. With these (gathered by ANALYZE, and by autovacuum from then on) its
-- estimate of the instances active in the last 24 hours, shown on the overview once too many to count, is
-- close. Costs nothing on writes.
CREATE STATISTICS instance_app_state_last_active_stats ON (coalesce(last_check_at, created_at)) FROM instance_app_state;
ANALYZE instance_app_state;
