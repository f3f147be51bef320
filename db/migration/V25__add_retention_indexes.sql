-- The retention job deletes the oldest rows in batches (age < cutoff, oldest first, LIMIT n). Without an
-- index led by the age column every batch would scan the table. instance (last_seen_at) and activity
-- (created_at) have theirs already.
CREATE INDEX instance_status_history_created_idx ON instance_status_history (created_at);
CREATE INDEX instance_event_created_idx ON instance_event (created_at);
CREATE INDEX group_status_bucket_start_idx ON group_status_bucket (bucket_start);
