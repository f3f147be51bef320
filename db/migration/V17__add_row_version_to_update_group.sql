-- Optimistic concurrency: two admins editing one group cannot silently overwrite each other.
ALTER TABLE update_group ADD COLUMN row_version bigint NOT NULL DEFAULT 0;
