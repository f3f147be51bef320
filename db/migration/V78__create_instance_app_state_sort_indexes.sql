-- The instance list's remaining sorts (the API's statusChangedAt, lastGrantedAt and createdAt). Without an index
-- each request sorted every instance: 110 to 140 ms at a million (issue 16: every list at most 100 ms). Filters
-- walk these as they walk the other sort indexes, or sort the matches when few match (CountedQueries).
CREATE INDEX instance_app_state_status_changed_idx ON instance_app_state (status_changed_at);
CREATE INDEX instance_app_state_last_granted_idx ON instance_app_state (last_granted_at);
CREATE INDEX instance_app_state_created_idx ON instance_app_state (created_at);
