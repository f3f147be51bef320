-- Written only by the wave evaluator, under the group's row lock: the version the previous wave was first
-- seen ready for (share reached, healthy) and since when, and the version this wave has opened for.
-- On update_group, so the catalog revision trigger makes every replica's serving snapshot see an opening at once.
ALTER TABLE update_group
    ADD COLUMN wave_ready_version text,
    ADD COLUMN wave_ready_since timestamptz,
    ADD COLUMN wave_open_version text;
