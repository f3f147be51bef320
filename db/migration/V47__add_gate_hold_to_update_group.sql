-- Set while one of the group's gates is unknown and configured to hold: new grants are held (gate_unknown).
-- On update_group, so the catalog revision trigger makes every replica's serving snapshot see it at once.
ALTER TABLE update_group ADD COLUMN gate_hold boolean NOT NULL DEFAULT false;
