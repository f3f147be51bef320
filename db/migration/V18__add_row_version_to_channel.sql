-- Optimistic concurrency: two admins promoting one channel cannot silently overwrite each other.
ALTER TABLE channel ADD COLUMN row_version bigint NOT NULL DEFAULT 0;
