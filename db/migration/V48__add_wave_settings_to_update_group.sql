-- A group may be a wave that follows another group of its application: it rolls out a version only after
-- the previous wave has brought that version to wave_completion_percent of its active nodes and soaked.
ALTER TABLE update_group
    ADD COLUMN follows_group_id uuid REFERENCES update_group (id),
    ADD COLUMN wave_completion_percent integer NOT NULL DEFAULT 100
        CHECK (wave_completion_percent BETWEEN 1 AND 100),
    ADD COLUMN wave_soak_seconds integer NOT NULL DEFAULT 0 CHECK (wave_soak_seconds >= 0),
    ADD CONSTRAINT update_group_follows_not_itself CHECK (follows_group_id <> id);
CREATE INDEX update_group_follows_idx ON update_group (follows_group_id) WHERE follows_group_id IS NOT NULL;
