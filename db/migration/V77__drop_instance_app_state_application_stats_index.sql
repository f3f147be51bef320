-- No query reads it any more (the application page counts active instances from V60's index, the census scans
-- the table, and instance_app_state_application_idx serves lookups and the foreign key): at a million instances
-- it was never scanned by any dashboard page or API read, while every status change and last-seen write added
-- a 65 MB index's entry (no deduplication with INCLUDE columns). Last-seen writes: 141 to 130 ms per 1,000 rows.
DROP INDEX instance_app_state_application_stats_idx;
