-- Set while a channel serves a package an admin rolled it back to: its groups then offer that package to
-- nodes on newer versions too (a downgrade). An ordinary promotion clears it. On channel, so the catalog
-- revision trigger makes every replica's serving snapshot see it at once.
ALTER TABLE channel
    ADD COLUMN rollback_from_version varchar(255),
    ADD COLUMN rollback_reason       text,
    ADD COLUMN rollback_by           text,
    ADD COLUMN rollback_at           timestamptz,
    ADD CONSTRAINT channel_rollback_complete CHECK (
        (rollback_from_version IS NULL) = (rollback_reason IS NULL)
        AND (rollback_from_version IS NULL) = (rollback_at IS NULL));
