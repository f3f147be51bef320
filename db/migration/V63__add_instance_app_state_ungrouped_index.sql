-- An application's versions are its groups' census plus its instances in no group (an unknown track, a deleted
-- group): few, and found here without reading the others. Partial, so check-ins of grouped nodes never touch it.
CREATE INDEX instance_app_state_ungrouped_idx ON instance_app_state (application_id, version) WHERE group_id IS NULL;
