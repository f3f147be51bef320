-- Scanned by nothing (pg_stat_user_indexes after the dashboard benchmark at a million): grants in a period are
-- counted from the history (V12), updates in progress through the partial group_in_progress index, and a group's
-- list sorted by last grant now walks last_granted_idx (V78) or sorts a small group's matches. Every event's
-- state update wrote an entry to it.
DROP INDEX instance_app_state_group_granted_idx;
