#!/usr/bin/env bash
# What an event's database work would cost if concurrent requests' writes were gathered (issue 16, "events as
# cheap as checks", the durable group commit it proposes). Starts the built jar on a fresh embedded PostgreSQL,
# pre-loads N instances with bench/seed.sql and puts every tenth (the nodes behind) into a granted update, as
# bench/full-path.sh does; then pgbench sends progress events' writes in these shapes, round by round:
#   today       per event: BEGIN, register-and-lock, write (state, history, timeline bucket, event), COMMIT: the
#               two statements of fleet.NodeWrites as the full path ran them before the group commit (d32c6e2)
#   unbucketed  the same without the timeline bucket's upsert (the shapes below leave it out too: batches
#               that each hold several bucket rows until they commit deadlock on them)
#   tx8         8 events in one transaction, each still its own two statements (a group commit of transactions)
#   batchN      N events of N different nodes in one transaction of two statements, each over all N rows (a
#               group commit of statements), and one bucket upsert for the batch; N from BENCH_BATCHES
# and reports events/s and PostgreSQL's CPU per event (its processes, reaped ones included, from /proc).
# The statements mirror NodeWrites as of d32c6e2, with constants where the server binds values. Since 1fa9a2f
# NodeWrites takes arrays and Platte gathers events itself (omaha.GroupCommit); this script still measures the
# shapes it chose between.
#
#   bench/group-commit.sh [--no-build] [instances=1000000] [seconds=20]
#
# Environment: BENCH_RUNS (rounds, 2), BENCH_CLIENTS (pgbench -c, 8), BENCH_BATCHES (sizes of batchN, 8; "2,4,8,16"
# for the curve: a real batch holds the events that arrive while the one before commits), BENCH_JAR, BENCH_PORT / BENCH_PG_PORT (first
# ports tried, 18780 / 15782), JAVA_HOME. Writes target/benchmark/group-commit.txt; logs go to target/group-commit/.
set -euo pipefail
shopt -s inherit_errexit

build=true
if [[ "${1:-}" == "--no-build" ]]; then
    build=false
    shift
fi
instances=${1:-1000000}
seconds=${2:-20}
runs=${BENCH_RUNS:-2}
clients=${BENCH_CLIENTS:-8}
IFS=, read -ra batch_sizes <<<"${BENCH_BATCHES:-8}"
java_opts=${BENCH_JAVA_OPTS:-}
password=benchmark-password
app=f1ee7000-0000-4000-8000-000000000001

cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/group-commit
out=$root/target/benchmark/group-commit.txt
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

[[ "$instances" =~ ^[0-9]+$ && "$instances" -ge 1000 ]] || die "instances must be a number >= 1000"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 5 ]] || die "seconds must be a number >= 5"
for n in "${batch_sizes[@]}"; do
    [[ "$n" =~ ^[0-9]+$ && "$n" -ge 2 && "$n" -le 64 ]] || die "BENCH_BATCHES must be numbers from 2 to 64, separated by commas"
done
install_if_missing psql postgresql-client
# Debian ships pgbench with the server (postgresql-15), not the client; /usr/bin/pgbench is only a wrapper.
pgbench --version >/dev/null 2>&1 || install_package postgresql
install_if_missing jq jq
install_if_missing curl curl
application_jar "$build"

port=$(free_port "${BENCH_PORT:-18780}")
pg_port=$(free_port "${BENCH_PG_PORT:-15782}")
base=http://127.0.0.1:$port
pgdata=$work/postgres
server_pid=""
stop_postgres # left over from a run that was killed
rm -rf "$work"
mkdir -p "$work" "$(dirname "$out")"
trap stop_server EXIT
trap 'exit 130' INT TERM

# The server owns the embedded PostgreSQL, so it stays up (idle: its jobs' CPU is counted in, a few ms a second).
log "starting the server on port $port (PostgreSQL on $pg_port)"
start_server "$password" --logging.level.root=WARN
token=$(api_token "$password" group-commit)
group=$(bench_catalog "$app" "Load OS" "")
behind_fleet "$app" "$instances" "$group"

# --- the shapes: pgbench scripts ------------------------------------------------------------------------------
# A node behind (every tenth) and the status its event moves it to.
status="(ARRAY['downloading','downloaded','installed'])[:s::int]"
machine="lpad(to_hex(:m::bigint), 32, '0')"
app_id="'$app'::uuid"
upsert_instances() { # ROWS (a VALUES list or a SELECT): registers them; a machine whose details are as stored is locked, not written
    cat <<SQL
INSERT INTO instance AS i (machine_id, ip, alias, oem, oem_version, aleph_version, boot_id, first_seen_at, last_seen_at)
    $1
    ON CONFLICT (machine_id) DO UPDATE SET ip = excluded.ip, last_seen_at = GREATEST(i.last_seen_at, excluded.last_seen_at)
    WHERE i.ip IS DISTINCT FROM excluded.ip OR excluded.oem <> '' AND excluded.oem IS DISTINCT FROM i.oem
        OR excluded.oem_version <> '' AND excluded.oem_version IS DISTINCT FROM i.oem_version
        OR excluded.aleph_version <> '' AND excluded.aleph_version IS DISTINCT FROM i.aleph_version
        OR i.last_seen_at IS NULL OR i.last_seen_at < excluded.last_seen_at - 60000 * interval '1 millisecond'
    RETURNING machine_id
SQL
}
register_and_lock() { # one machine, as NodeWrites.REGISTER_AND_LOCK was at d32c6e2
    cat <<SQL | tr '\n' ' '
WITH machine AS (
    $(upsert_instances "VALUES ($machine, '127.0.0.1', '', 'qemu', '0.1', '3033.2.0', '', now(), now())")
), created AS (
    INSERT INTO instance_app_state (machine_id, application_id, group_id, version, status, status_changed_at, created_at)
    SELECT $machine, $app_id, :g::uuid, '1000.0.0', 'undefined', now(), now() WHERE (SELECT count(*) FROM machine) >= 0
    ON CONFLICT (machine_id, application_id) DO NOTHING
    RETURNING machine_id, status
), existing AS (
    SELECT machine_id, status FROM instance_app_state WHERE machine_id = $machine AND application_id = $app_id FOR UPDATE
)
SELECT *, (SELECT revision FROM catalog_revision) FROM created
UNION ALL
SELECT *, (SELECT revision FROM catalog_revision) FROM existing;
SQL
    echo
}
save() { # one machine, as NodeWrites.SAVE was at d32c6e2; $1 = bucket or nothing
    local bucket=""
    [[ "${1:-}" != bucket ]] || bucket="), buckets AS (
    INSERT INTO group_status_bucket (group_id, bucket_start, status, version, stripe, changes)
    SELECT group_id, date_bin(interval '5 minutes', created_at, TIMESTAMPTZ 'epoch'), status, '1001.0.0', (:m::bigint % 16)::smallint, 1
    FROM changes
    ON CONFLICT (group_id, bucket_start, status, version, stripe) DO UPDATE SET changes = group_status_bucket.changes + excluded.changes"
    cat <<SQL | tr '\n' ' '
WITH state AS (
    UPDATE instance_app_state SET group_id = :g::uuid, version = '1000.0.0', oem = 'qemu', status = $status, status_changed_at = now(),
        hold_reason = NULL, update_in_progress = true, last_granted_version = '1001.0.0', last_granted_at = now() - interval '1 minute',
        last_error_code = NULL, last_check_at = now(), retired = false
    WHERE machine_id = $machine AND application_id = $app_id
), changes AS (
    SELECT :g::uuid AS group_id, $status AS status, now() AS created_at
), history AS (
    INSERT INTO instance_status_history (machine_id, application_id, group_id, status, version, error_code, created_at)
    SELECT $machine, $app_id, group_id, status, '1000.0.0', NULL, created_at FROM changes
$bucket)
INSERT INTO instance_event (machine_id, application_id, event_type, event_result, error_code, previous_version, reported_version, created_at)
VALUES ($machine, $app_id, 12 + :s::int, 1, NULL, '', '1000.0.0', now());
SQL
    echo
}
pick() { echo "\\set m random(0, $(( (instances - 1) / 10 ))) * 10"; echo '\set s random(1, 3)'; }
{ pick; echo 'BEGIN;'; register_and_lock; save bucket; echo 'COMMIT;'; } >"$work/today.sql"
{ pick; echo 'BEGIN;'; register_and_lock; save; echo 'COMMIT;'; } >"$work/unbucketed.sql"
{ echo 'BEGIN;'; for _ in 1 2 3 4 5 6 7 8; do pick; register_and_lock; save; done; echo 'COMMIT;'; } >"$work/tx8.sql"
batch() { # N: the batchN shape
    local n=$1 ids
    ids="ARRAY[$(for i in $(seq "$n"); do printf ':m%d::bigint\n' "$i"; done | paste -sd,)]"
    # N different nodes (a batch would hold a node's second request for the next one).
    echo "\\set b random(0, $(( (instances - 1) / 10 )))"
    for i in $(seq "$n"); do echo "\\set m$i ((:b + $i * 7919) % $(( (instances - 1) / 10 + 1 ))) * 10"; done
    echo '\set s random(1, 3)'
    echo '\set stripe random(0, 15)'
    echo 'BEGIN;'
    cat <<SQL | tr '\n' ' '
WITH ids AS (SELECT lpad(to_hex(x), 32, '0') AS id FROM unnest($ids) x), machine AS (
    $(upsert_instances "SELECT id, '127.0.0.1', '', 'qemu', '0.1', '3033.2.0', '', now(), now() FROM ids ORDER BY id")
), created AS (
    INSERT INTO instance_app_state (machine_id, application_id, group_id, version, status, status_changed_at, created_at)
    SELECT id, $app_id, :g::uuid, '1000.0.0', 'undefined', now(), now() FROM ids WHERE (SELECT count(*) FROM machine) >= 0
    ORDER BY id
    ON CONFLICT (machine_id, application_id) DO NOTHING
    RETURNING machine_id, status
), existing AS (
    SELECT machine_id, status FROM instance_app_state
    WHERE machine_id IN (SELECT id FROM ids) AND application_id = $app_id ORDER BY machine_id FOR UPDATE
)
SELECT *, (SELECT revision FROM catalog_revision) FROM created
UNION ALL
SELECT *, (SELECT revision FROM catalog_revision) FROM existing;
SQL
    echo
    cat <<SQL | tr '\n' ' '
WITH ids AS (SELECT lpad(to_hex(x), 32, '0') AS id FROM unnest($ids) x), state AS (
    UPDATE instance_app_state s SET group_id = :g::uuid, version = '1000.0.0', oem = 'qemu', status = $status,
        status_changed_at = now(), hold_reason = NULL, update_in_progress = true, last_granted_version = '1001.0.0',
        last_granted_at = now() - interval '1 minute', last_error_code = NULL, last_check_at = now(), retired = false
    FROM ids WHERE s.machine_id = ids.id AND s.application_id = $app_id
), history AS (
    INSERT INTO instance_status_history (machine_id, application_id, group_id, status, version, error_code, created_at)
    SELECT id, $app_id, :g::uuid, $status, '1000.0.0', NULL, now() FROM ids
), buckets AS (
    INSERT INTO group_status_bucket (group_id, bucket_start, status, version, stripe, changes)
    VALUES (:g::uuid, date_bin(interval '5 minutes', now(), TIMESTAMPTZ 'epoch'), $status, '1001.0.0', :stripe::smallint, $n)
    ON CONFLICT (group_id, bucket_start, status, version, stripe) DO UPDATE SET changes = group_status_bucket.changes + excluded.changes
)
INSERT INTO instance_event (machine_id, application_id, event_type, event_result, error_code, previous_version, reported_version, created_at)
SELECT id, $app_id, 12 + :s::int, 1, NULL, '', '1000.0.0', now() FROM ids;
SQL
    echo
    echo 'COMMIT;'
}
for n in "${batch_sizes[@]}"; do
    batch "$n" >"$work/batch$n.sql"
done

# --- measured -------------------------------------------------------------------------------------------------
pg_ticks() { # the postmaster and its processes, with the children it has reaped (pgbench's backends end)
    local pm sum=0 p
    pm=$(postmaster_pid)
    for p in $pm $(pgrep -P "$pm" || true); do
        sum=$((sum + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || echo 0)))
    done
    echo "$sum"
}
hz=$(getconf CLK_TCK)
declare -A rates cpus
run() { # shape events-per-transaction seconds
    local before after output transactions
    before=$(pg_ticks)
    output=$(pgbench -n -M prepared -h 127.0.0.1 -p "$pg_port" -U postgres -c "$clients" -j 2 -T "$3" --max-tries=20 \
        -D g="$group" -f "$work/$1.sql" postgres 2>&1) || { echo "$output" >"$work/pgbench-$1.txt"; die "pgbench failed; see $work/pgbench-$1.txt"; }
    after=$(pg_ticks)
    echo "$output" >>"$work/pgbench-$1.txt"
    transactions=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$output")
    [[ "$transactions" -gt 0 ]] || die "no transaction of $1; see $work/pgbench-$1.txt"
    rates[$1]+="$(awk -v t="$transactions" -v n="$2" -v s="$3" 'BEGIN { printf "%.0f", t * n / s }') "
    cpus[$1]+="$(awk -v d=$((after - before)) -v t="$transactions" -v n="$2" -v hz="$hz" 'BEGIN { printf "%.3f", d * 1000 / hz / (t * n) }') "
}
shapes=(today unbucketed tx8)
declare -A per_transaction=([today]=1 [unbucketed]=1 [tx8]=8)
for n in "${batch_sizes[@]}"; do
    shapes+=("batch$n")
    per_transaction[batch$n]=$n
done
for shape in "${shapes[@]}"; do
    run "$shape" "${per_transaction[$shape]}" 5 # warm-up: plans, caches
done
rates=() cpus=()
for round in $(seq "$runs"); do
    log "round $round of $runs"
    for shape in "${shapes[@]}"; do
        run "$shape" "${per_transaction[$shape]}" "$seconds"
    done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
report=$(
    echo "Platte group-commit benchmark (issue 16): an event's database work, $instances known instances"
    echo "date $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(nproc) CPUs, pgbench -c $clients, ${seconds} s per shape per round, $runs rounds"
    echo "                events/s (each round)      PostgreSQL CPU ms per event (each round; median)"
    for shape in "${shapes[@]}"; do
        printf '  %-12s  %-26s %s (%s)\n' "$shape" "${rates[$shape]}" "${cpus[$shape]}" "$(median "${cpus[$shape]}")"
    done
)
echo "$report" >"$out"
echo "$report"
log "written to ${out#"$root"/}"
