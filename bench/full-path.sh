#!/usr/bin/env bash
# What one full-path request costs (issue 16, "events as cheap as checks"): starts the built jar on a fresh
# embedded PostgreSQL with pg_stat_statements, pre-loads N instances with bench/seed.sql and puts every tenth
# (the nodes behind) into a granted update, then sends only update_engine progress events (bench/events.lua).
# Reports per request what does not depend on how busy the machine is: SQL statements (pg_stat_statements,
# by statement), transactions, WAL bytes, and CPU time of the server and of PostgreSQL (/proc/<pid>/stat).
#
#   bench/full-path.sh [--no-build] [instances=20000] [seconds=30]
#
# Environment: BENCH_JAR (the jar to measure, default the one built in target/), BENCH_JAVA_OPTS,
# BENCH_CONNECTIONS (wrk -c, 16), BENCH_WARMUP (seconds, 20), BENCH_PORT / BENCH_PG_PORT (first ports tried, 18680 / 15682), BENCH_START_SECONDS (180), JAVA_HOME.
# Writes target/benchmark/full-path-<instances>.txt; logs and wrk output go to target/full-path/.
set -euo pipefail
shopt -s inherit_errexit

build=true
if [[ "${1:-}" == "--no-build" ]]; then
    build=false
    shift
fi
instances=${1:-20000}
seconds=${2:-30}
connections=${BENCH_CONNECTIONS:-16}
warmup=${BENCH_WARMUP:-20}
java_opts=${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
password=benchmark-password
app=f1ee7000-0000-4000-8000-000000000001

cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/full-path
out=$root/target/benchmark/full-path-$instances.txt
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

[[ "$instances" =~ ^[0-9]+$ && "$instances" -ge 10 ]] || die "instances must be a number >= 10"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 5 ]] || die "seconds must be a number >= 5"
for command in wrk psql jq curl; do
    command -v "$command" >/dev/null || die "$command is missing (apt-get install wrk postgresql-client jq curl)"
done

application_jar "$build"

# Ports are taken just before each start: other benchmarks on the machine may take them meanwhile.
pick_port() {
    port=$(free_port "${BENCH_PORT:-18680}")
    base=http://127.0.0.1:$port
}
pg_port=$(free_port "${BENCH_PG_PORT:-15682}")
pgdata=$work/postgres
server_pid=""
stop_postgres # left over from a run that was killed
rm -rf "$work"
mkdir -p "$work" "$(dirname "$out")"
trap stop_server EXIT
trap 'exit 130' INT TERM

# The first start creates the cluster; pg_stat_statements must be loaded at PostgreSQL's start, so once more.
log "creating the database ($jar)"
pick_port
start_server "$password" --logging.level.root=WARN
stop_server
echo "shared_preload_libraries = 'pg_stat_statements'" >>"$pgdata/postgresql.conf"
pick_port
log "starting the server on port $port (PostgreSQL on $pg_port): $java_opts"
start_server "$password" --logging.level.root=WARN
psql_ -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"

# --- the catalog (a group without limits), then the fleet -------------------------------------------------
token=$(api_token "$password" full-path)
group=$(bench_catalog "$app" "Load OS" "")
behind_fleet "$app" "$instances" "$group"

# --- measured: counters before and after a run of events only -----------------------------------------------
proc_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || echo 0; }
pg_ticks() {
    local pm sum=0 p
    pm=$(postmaster_pid)
    for p in $pm $(pgrep -P "$pm" || true); do sum=$((sum + $(proc_ticks "$p"))); done
    echo "$sum"
}
db_counters() { # statements (without pg_stat_statements' own), transactions committed, WAL bytes
    psql_ -tA -F ' ' -c "SELECT (SELECT coalesce(sum(calls), 0) FROM pg_stat_statements
                                 WHERE query NOT LIKE '%pg_stat_%'),
                                (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                                (SELECT wal_bytes FROM pg_stat_wal)"
}
run() { # label seconds
    wrk -t1 -c"$connections" -d"$2s" --timeout 30s --latency -s bench/events.lua "$base/v1/update/" \
        "$instances" "$app" >"$work/wrk-$1.txt" 2>&1 || die "wrk failed; see $work/wrk-$1.txt"
    grep '^RESULT ' "$work/wrk-$1.txt" | tail -1
}
log "warming up for $warmup s"
run warmup "$warmup" >/dev/null
psql_ -tA -c "SELECT pg_stat_statements_reset()" >/dev/null
db_before=$(db_counters)
server_before=$(proc_ticks "$server_pid")
pg_before=$(pg_ticks)
log "events for $seconds s"
result=$(run events "$seconds")
server_after=$(proc_ticks "$server_pid")
pg_after=$(pg_ticks)
db_after=$(db_counters)
statements=$(psql_ -tA -F '|' -c "SELECT calls, regexp_replace(left(query, 110), '\s+', ' ', 'g')
                                  FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_%'
                                  ORDER BY calls DESC LIMIT 15")

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }
requests=$(field requests "$result")
[[ "$requests" -gt 0 ]] || die "no requests answered; see $work/wrk-events.txt"
hz=$(getconf CLK_TCK)
per() { awk -v a="$1" -v r="$requests" -v f="${2:-1}" 'BEGIN { printf "%.2f", a * f / r }'; }
read -r st_b tx_b wal_b <<<"$db_before"
read -r st_a tx_a wal_a <<<"$db_after"
report=$(cat <<REPORT
Platte full-path benchmark: $instances known instances, update_engine progress events only, ${seconds} s
date $(date -u +%FT%TZ), jar $(basename "$jar") ($(date -r "$jar" -u +%FT%TZ)), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)
machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); server flags: $java_opts; wrk -t1 -c$connections
requests: $requests in $(field seconds "$result") s ($(awk -v r="$requests" -v s="$(field seconds "$result")" 'BEGIN { printf "%.0f", r / s }')/s), p50 $(field p50_us "$result") us, p99 $(field p99_us "$result") us, non-2xx $(field non2xx "$result")
per request:
  SQL statements       $(per $((st_a - st_b)))   (pg_stat_statements calls, as listed below)
  transactions         $(per $((tx_a - tx_b)))
  WAL bytes            $(per $((wal_a - wal_b)))
  server CPU ms        $(per $((server_after - server_before)) "$(awk -v hz="$hz" 'BEGIN { print 1000 / hz }')")
  PostgreSQL CPU ms    $(per $((pg_after - pg_before)) "$(awk -v hz="$hz" 'BEGIN { print 1000 / hz }')")
statements by calls (calls per request, statement):
$(awk -F'|' -v r="$requests" '{ printf "  %6.2f  %s\n", $1 / r, $2 }' <<<"$statements")
REPORT
)
echo "$report" >"$out"
echo "$report"
log "written to ${out#"$root"/}"
