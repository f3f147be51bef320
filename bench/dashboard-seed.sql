-- Run after bench/seed.sql by bench/dashboard-benchmark.sh: gives the seeded fleet what the dashboard filters
-- and searches on. Every node gets its own IP (10.x.y.z), one in a hundred an alias ("web-<n>"), one in a
-- thousand a failed update; a second group (:'canary', 1% of the nodes); and activity and audit entries as a
-- busy year leaves them. Triggers stay on, so the census counts the moves.
\set ON_ERROR_STOP on

BEGIN;
UPDATE instance
SET ip = '10.' || (n / 65536) || '.' || (n / 256 % 256) || '.' || (n % 256),
    alias = CASE WHEN n % 100 = 7 THEN 'web-' || n ELSE '' END
FROM (SELECT machine_id, ('x' || right(machine_id, 8))::bit(32)::int AS n FROM instance) AS numbered
WHERE numbered.machine_id = instance.machine_id;

UPDATE instance_app_state
SET group_id = :'canary'
WHERE ('x' || right(machine_id, 8))::bit(32)::int % 100 = 1;

UPDATE instance_app_state
SET status = 'error', last_error_code = 268435466, hold_reason = NULL
WHERE ('x' || right(machine_id, 8))::bit(32)::int % 1000 = 3;

INSERT INTO activity (created_at, kind, severity, application_id, group_id, machine_id, version, message)
SELECT now() - i * interval '5 minutes',
       CASE WHEN i % 50 = 0 THEN 'group_paused' ELSE 'instance_failed' END,
       CASE WHEN i % 50 = 0 THEN 'warning' ELSE 'error' END,
       :'app', :'group', lpad(to_hex(i * 1000 + 3), 32, '0'), '1001.0.0', 'update failed: PayloadHashMismatchError (10)'
FROM generate_series(1, 100000) i;

INSERT INTO audit_log (created_at, actor, action, target_type, target_id, before_json, after_json)
SELECT now() - i * interval '20 minutes', CASE WHEN i % 3 = 0 THEN 'release-bot' ELSE 'admin' END,
       CASE WHEN i % 10 = 0 THEN 'group.update' ELSE 'instance.alias' END,
       CASE WHEN i % 10 = 0 THEN 'group' ELSE 'instance' END,
       CASE WHEN i % 10 = 0 THEN :'group' ELSE lpad(to_hex(i), 32, '0') END,
       '{"alias":""}', '{"alias":"web-' || i || '"}'
FROM generate_series(1, 20000) i;
COMMIT;

VACUUM ANALYZE instance, instance_app_state, activity, audit_log;
