-- Made for the dashboard's per-group breakdowns (V13), which the census has answered since; the group lookups left
-- (a rollout's active share, a list's count) have group_status_idx, group_version_idx and group_last_check_idx,
-- and at a million in one group they scan the table either way. At 74 MB with four included columns it was the
-- largest index of the table, written by every event's state update: this pays back V78's extra entries.
DROP INDEX instance_app_state_group_stats_idx;
