-- Pre-loads :instances known instances into group :'group' of application :'app', whose channel was just
-- promoted from 1000.0.0 to 1001.0.0 (fleet-benchmark.sh does that through the API). Every tenth
-- instance (i % 10 = 0; see behind_every) is still on 1000.0.0, held by the period limit; the others
-- updated over the last two days. Machine ids and boot ids are the ones bench/omaha.lua sends, and ip/oem
-- match its requests, so a check changes only what a real steady-state check would.
\set ON_ERROR_STOP on
-- Usable on its own against any Platte database, into any existing group:
--   psql "$URL" -v instances=1000000 -v app=<application id> -v group=<group id> \
--        [-v old_version=1000.0.0 -v new_version=1001.0.0] [-v first=0] [-v behind_every=10] -f bench/seed.sql
-- first: the number of the first instance (machine ids are numbers, so a second group needs its own range);
-- behind_every: every how many instances one is still on old_version, held (1: all of them).
\if :{?first}
\else
\set first 0
\endif
\if :{?behind_every}
\else
\set behind_every 10
\endif
\if :{?old_version}
\else
\set old_version 1000.0.0
\endif
\if :{?new_version}
\else
\set new_version 1001.0.0
\endif

BEGIN;

-- A bulk load into a consistent data set: build the secondary indexes once afterwards instead of row by
-- row, and skip the per-row foreign key checks. Several times faster at a million instances.
SET LOCAL session_replication_role = replica;
SET LOCAL maintenance_work_mem = '256MB';
CREATE TEMP TABLE seed_index ON COMMIT DROP AS
SELECT i.indexname, i.indexdef
FROM pg_indexes i
WHERE i.schemaname = 'public'
  AND i.tablename IN ('instance', 'instance_app_state', 'instance_status_history')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname);
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT indexname FROM seed_index LOOP
        EXECUTE format('DROP INDEX %I', r.indexname);
    END LOOP;
END $$;

INSERT INTO instance (machine_id, ip, alias, oem, oem_version, aleph_version, boot_id, first_seen_at, last_seen_at)
SELECT lpad(to_hex(i), 32, '0'), '127.0.0.1', '', 'qemu', '0.1', '3033.2.0',
       '{00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0') || '}',
       now() - interval '30 days', now() - (i % 3600) * interval '1 second'
FROM generate_series(:first, :first + :instances - 1) i;

-- Updated nodes got their grant somewhere between two days and one hour ago: none counts against the
-- 1-minute period limit when the run starts.
INSERT INTO instance_app_state (machine_id, application_id, group_id, version, oem, status, status_changed_at, hold_reason,
                                update_in_progress, last_granted_version, last_granted_at, last_check_at, created_at)
SELECT lpad(to_hex(i), 32, '0'), :'app', :'group',
       CASE WHEN i % :behind_every = 0 THEN :'old_version' ELSE :'new_version' END,
       'qemu',
       CASE WHEN i % :behind_every = 0 THEN 'on_hold' ELSE 'complete' END,
       now() - interval '1 hour' - (i % 169200) * interval '1 second' + interval '10 minutes',
       CASE WHEN i % :behind_every = 0 THEN 'period_limit' END,
       false,
       CASE WHEN i % :behind_every = 0 THEN NULL ELSE :'new_version' END,
       CASE WHEN i % :behind_every = 0 THEN NULL ELSE now() - interval '1 hour' - (i % 169200) * interval '1 second' END,
       now() - (i % 3600) * interval '1 second',
       now() - interval '30 days'
FROM generate_series(:first, :first + :instances - 1) i;

INSERT INTO instance_status_history (machine_id, application_id, group_id, status, version, created_at)
SELECT lpad(to_hex(i), 32, '0'), :'app', :'group', s.status, s.version,
       now() - interval '1 hour' - (i % 169200) * interval '1 second' + s.step * interval '10 minutes'
FROM generate_series(:first, :first + :instances - 1) i
CROSS JOIN (VALUES ('granted', :'new_version', 0), ('complete', :'new_version', 1), ('on_hold', :'old_version', 0))
    AS s(status, version, step)
WHERE (i % :behind_every = 0) = (s.status = 'on_hold');

DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT indexdef FROM seed_index LOOP
        EXECUTE r.indexdef;
    END LOOP;
END $$;

-- The timelines read these 5-minute buckets, kept up to date by the server as statuses change.
INSERT INTO group_status_bucket (group_id, bucket_start, status, version, changes)
SELECT group_id, date_bin(interval '5 minutes', created_at, TIMESTAMPTZ 'epoch'), status,
       CASE WHEN status = 'complete' THEN version ELSE '' END, count(*)
FROM instance_status_history
WHERE group_id = :'group'
GROUP BY 1, 2, 3, 4;

-- The group census (V27) is kept by a trigger, which session_replication_role = replica switched off for
-- the load: count once, as the migration does for existing rows.
INSERT INTO group_census (group_id, version, status, hold_reason, instances)
SELECT group_id, version, status, coalesce(hold_reason, ''), count(*)
FROM instance_app_state
WHERE group_id = :'group' AND NOT retired
GROUP BY 1, 2, 3, 4;

-- The rollout began when the first of those nodes was granted, not when the script promoted the channel.
UPDATE group_rollout
SET started_at = now() - interval '2 days',
    attempts = (SELECT count(*) FROM instance_app_state WHERE group_id = :'group' AND status = 'complete')
WHERE group_id = :'group';

COMMIT;

-- Steady state: autovacuum would have set hint bits, the visibility map and statistics by now.
VACUUM ANALYZE instance, instance_app_state, instance_status_history, group_status_bucket, group_rollout, group_census;
