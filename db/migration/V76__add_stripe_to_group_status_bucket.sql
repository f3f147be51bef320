-- A group's status changes within five minutes were counted in one row per status, whose lock each event held
-- until its commit: during a rollout every download and install event of the group waited for the previous
-- one's flush. They are counted in up to 16 rows now, one per stripe of machines; readers sum them as before.
ALTER TABLE group_status_bucket ADD COLUMN stripe smallint NOT NULL DEFAULT 0;
ALTER TABLE group_status_bucket DROP CONSTRAINT group_status_bucket_pkey;
ALTER TABLE group_status_bucket ADD PRIMARY KEY (group_id, bucket_start, status, version, stripe);
