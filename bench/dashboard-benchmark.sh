#!/usr/bin/env bash
# Dashboard benchmark (issue 16): every page and API read of the dashboard at N known instances, one request
# at a time as a person clicks. Starts the built jar on a fresh embedded PostgreSQL, creates the catalog
# through the API, pre-loads the fleet (bench/seed.sql, then bench/dashboard-seed.sql: own IPs, aliases,
# failures, a second group, activity and audit), signs in with the login form (session cookie and CSRF
# token, as a browser does) and times each page; the API reads with a bearer token.
#
#   bench/dashboard-benchmark.sh [--no-build] [instances=1000000] [rounds=20]
#
# Environment: BENCH_JAVA_OPTS (server JVM flags; none by default: as shipped), BENCH_WARMUP_ROUNDS (untimed passes over every page
# first, 5), BENCH_PORT / BENCH_PG_PORT (first ports tried, 18580 / 15582), BENCH_KEEP=1 (leave server and
# PostgreSQL running at the end, for EXPLAIN; psql command printed), JAVA_HOME.
# Writes target/benchmark/dashboard-<instances>.txt; logs go to target/dashboard-benchmark/.
set -euo pipefail
shopt -s inherit_errexit

build=true
if [[ "${1:-}" == "--no-build" ]]; then
    build=false
    shift
fi
instances=${1:-1000000}
rounds=${2:-20}
warmup=3
warmup_rounds=${BENCH_WARMUP_ROUNDS:-5}
java_opts=${BENCH_JAVA_OPTS-}  # none: java -jar as shipped (it restarts itself with ShippedJvm.FLAGS)
password=benchmark-password
app=da5b0a2d-0000-4000-8000-000000000001
target_ms=100

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/dashboard-benchmark
out=$root/target/benchmark/dashboard-$instances.txt
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

[[ "$instances" =~ ^[0-9]+$ && "$instances" -ge 1000 ]] || die "instances must be a number >= 1000"
[[ "$rounds" =~ ^[0-9]+$ && "$rounds" -ge 1 ]] || die "rounds must be a number >= 1"
for tool in psql:postgresql-client jq:jq curl:curl; do
    install_if_missing "${tool%%:*}" "${tool#*:}"
done

application_jar "$build"

port=$(free_port "${BENCH_PORT:-18580}")
pg_port=$(free_port "${BENCH_PG_PORT:-15582}")
base=http://127.0.0.1:$port
pgdata=$work/postgres
server_pid=""

stop_postgres # left over from a run that was killed
rm -rf "$work"
mkdir -p "$work" "$(dirname "$out")"
if [[ "${BENCH_KEEP:-}" == 1 ]]; then
    trap 'log "left running: server pid $server_pid on $base; psql -h 127.0.0.1 -p $pg_port -U postgres postgres"' EXIT
else
    trap stop_server EXIT
fi
trap 'exit 130' INT TERM

log "starting $jar on port $port (PostgreSQL on $pg_port): $java_opts"
start_server "$password" --logging.level.root=WARN
log "server up in $startup_ms ms"

token=$(api_token "$password" dashboard-benchmark)
group=$(bench_catalog "$app" "Dashboard OS")
channel=$(api GET "/apps/$app/groups/$group" | jq -r .channelId)
canary=$(api POST "/apps/$app/groups" "{\"name\":\"Canary\",\"track\":\"canary\",\"channelId\":\"$channel\"}" | jq -r .id)

log "pre-loading $instances instances"
started=$(date +%s%N)
psql_ -v instances="$instances" -v app="$app" -v group="$group" -f bench/seed.sql
psql_ -v app="$app" -v group="$group" -v canary="$canary" -f bench/dashboard-seed.sql
seed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
history_rows=$(psql_ -tA -c "select count(*) from instance_status_history")
log "pre-loaded in $seed_ms ms ($history_rows status history rows)"

# Needles: a machine id prefix matching a handful, an alias prefix, an IP prefix (a /24), one instance.
machine=$(psql_ -tA -c "select machine_id from instance_app_state where status = 'error' order by machine_id limit 1")
machine_prefix=${machine:0:29}
alias_prefix=web-12
ip_prefix=10.1.2.

sign_in "$password" "$work/cookies"

measure() { # label path: page with the session cookie, /api/ with the token. Prints "label p50 p95 max bytes".
    local label=$1 path=$2 requests=() auth
    for _ in $(seq $((rounds + warmup))); do requests+=(-o /dev/null "$base$path"); done
    if [[ "$path" == /api/* ]]; then auth=(-H "Authorization: Bearer $token"); else auth=(-b "$work/cookies"); fi
    curl -s "${auth[@]}" -w '%{http_code} %{time_total} %{size_download}\n' "${requests[@]}" >"$work/timing.txt"
    awk '$1 != 200 { bad = 1 } END { exit !bad }' "$work/timing.txt" && die "$label ($path) answered other than 200"
    tail -n "$rounds" "$work/timing.txt" | awk '{ print $2 * 1000, $3 }' | sort -n | awk -v label="$label" '
        { t[NR] = $1; bytes = $2 } END {
            printf "%-58s %8.1f %8.1f %8.1f %9d\n", label, t[int((NR - 1) * 0.5) + 1], t[int((NR - 1) * 0.95) + 1], t[NR], bytes }'
}

g="/apps/$app/groups/$group"
api_g="/api/v1/apps/$app/groups/$group"
pages=(
    "overview /|/"
    "application|/apps/$app"
    "group|$g"
    "group progress fragment|$g/progress"
    "group timelines fragment (30d)|$g/timelines?range=30d"
    "instances|/instances"
    "instances, retired shown|/instances?hideRetired=false"
    "instances sorted by version|/instances?sort=version"
    "instances sorted by status|/instances?sort=status"
    "instances, page 2|/instances?page=1"
    "instances of the application|/instances?app=$app"
    "instances of the group|/instances?group=$group&app=$app"
    "instances of the canary group (1%)|/instances?group=$canary"
    "instances on_hold|/instances?status=on_hold"
    "instances on_hold by version|/instances?status=on_hold&sort=version"
    "instances failed (0.1%)|/instances?status=error"
    "instances downloading (none)|/instances?status=downloading"
    "instances on version 1000.0.0|/instances?version=1000.0.0"
    "instances on version 1000.0.0, on_hold, by status|/instances?version=1000.0.0&status=on_hold&sort=status"
    "search machine id prefix (a few)|/instances?q=$machine_prefix"
    "search machine id prefix (all)|/instances?q=0000"
    "search alias prefix|/instances?q=$alias_prefix"
    "search IP prefix|/instances?q=$ip_prefix"
    "search, no match|/instances?q=zzz"
    "instance|/instances/$machine"
    "activity|/activity"
    "activity, errors of the application|/activity?app=$app&severity=error"
    "audit|/audit"
    "audit, one action|/audit?action=group.update"
    "API instances|/api/v1/instances"
    "API instances, hideRetired|/api/v1/instances?hideRetired=true"
    "API instances on_hold|/api/v1/instances?status=on_hold"
    "API instances failed|/api/v1/instances?status=error"
    "API instances sorted by version|/api/v1/instances?sort=version"
    "API instances sorted by last grant|/api/v1/instances?sort=lastGrantedAt,desc"
    "API instances sorted by status change|/api/v1/instances?sort=statusChangedAt,desc"
    "API instances sorted by registration|/api/v1/instances?sort=createdAt,desc"
    "API instances on_hold by registration|/api/v1/instances?status=on_hold&sort=createdAt"
    "API instances search machine id|/api/v1/instances?q=$machine_prefix"
    "API instances search alias|/api/v1/instances?q=$alias_prefix"
    "API instances search IP|/api/v1/instances?q=$ip_prefix"
    "API instances not seen for 7 days|/api/v1/instances?notSeenForDays=7"
    "API group instances|$api_g/instances"
    "API group instances on_hold|$api_g/instances?status=on_hold"
    "API group instances by last grant|$api_g/instances?sort=lastGrantedAt,desc"
    "API instance|/api/v1/instances/$machine"
    "API application|/api/v1/apps/$app"
    "API application versions|/api/v1/apps/$app/stats/versions"
    "API group|$api_g"
    "API group stats|$api_g/stats"
    "API group timeline (status, 7d)|$api_g/timeline?kind=status&range=7d"
    "API group timeline (version, 30d)|$api_g/timeline?kind=version&range=30d"
    "API activity|/api/v1/activity"
    "API audit|/api/v1/audit"
)
# A dashboard in use: the JIT has compiled the paths of every page before one is timed.
log "warming up: every page and API read $warmup_rounds times"
for _ in $(seq "$warmup_rounds"); do
    for entry in "${pages[@]}"; do
        path=${entry#*|}
        if [[ "$path" == /api/* ]]; then auth=(-H "Authorization: Bearer $token"); else auth=(-b "$work/cookies"); fi
        curl -s "${auth[@]}" -o /dev/null "$base$path"
    done
done
log "timing ${#pages[@]} pages and API reads, $rounds requests each after $warmup"
cpu_before=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
table=$(for entry in "${pages[@]}"; do measure "${entry%%|*}" "${entry#*|}"; done)
cpu_ms=$(( ($(awk '{ print $14 + $15 }' "/proc/$server_pid/stat") - cpu_before) * 1000 / $(getconf CLK_TCK) ))
worst=$(awk '{ if ($(NF-2) > m) { m = $(NF-2) } } END { print m + 0 }' <<<"$table")
missed=$(awk -v t="$target_ms" '$(NF-2) > t { n++ } END { print n + 0 }' <<<"$table")

report=$(cat <<REPORT
Platte dashboard benchmark: $(num "$instances") known instances, $rounds sequential requests per page after $warmup
(and $warmup_rounds untimed passes over every page first)
date $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo " (with local changes)")
machine: $(nproc) CPUs; load average before the run $load_before
server: $("$java" -version 2>&1 | head -1), flags: ${java_opts:-(none: as shipped)}; started in $(num "$startup_ms") ms
fleet: groups "Load" (99%) and "Canary" (1%); 90% on 1001.0.0 (complete), 10% on 1000.0.0 (on hold), 0.1% failed;
       own IP each (10.x.y.z), an alias on 1%; $(num "$history_rows") status history rows; 100,000 activity and
       20,000 audit entries; pre-loaded in $(num "$seed_ms") ms
pages with a signed-in session (form login), /api/ with a bearer token; curl time_total, keep-alive

                                                           p50 ms   p95 ms   max ms     bytes
$(sed 's/^/  /' <<<"$table")

server CPU over all requests: $(num "$cpu_ms") ms
target: every page and API read <= $target_ms ms at p95: $([[ "$missed" == 0 ]] && echo met || echo "MISSED by $missed") (slowest p95 $worst ms)
REPORT
)
echo "$report" >"$out"
echo "$report"
log "written to ${out#"$root"/}"
