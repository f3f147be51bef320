-- Retired: no update check for platte.fleet.retired-after. Kept as a column (set by a sweeper, cleared by the
-- node's next check) so per-group counts can be maintained exactly instead of recomputed from the fleet.
ALTER TABLE instance_app_state ADD COLUMN retired boolean NOT NULL DEFAULT false;
