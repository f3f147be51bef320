#!/usr/bin/env bash
# Native-load benchmark of one Platte server (issue 7, "Fleet scale"). Starts the built jar as its own
# process on a fresh embedded PostgreSQL, pre-loads N known instances with a rollout in progress, then
# drives it with wrk: a mix of update checks, pings and events, the same server's bare-HTTP ceiling, the
# group statistics at N instances, and the server's resident memory under load.
#
#   bench/fleet-benchmark.sh [--no-build] [instances=100000] [seconds=30]
#
# Environment: BENCH_JAVA_OPTS (heap flags), BENCH_THREADS / BENCH_CONNECTIONS (wrk -t / -c, 2 / 64),
# BENCH_WARMUP (seconds of update traffic before the measured run; as long as the run),
# BENCH_PORT / BENCH_PG_PORT (first ports tried, 18480 / 15482), JAVA_HOME.
# Writes target/benchmark/fleet-<instances>.txt; logs and wrk output go to target/fleet-benchmark/.
set -euo pipefail
shopt -s inherit_errexit

build=true
if [[ "${1:-}" == "--no-build" ]]; then
    build=false
    shift
fi
instances=${1:-100000}
seconds=${2:-30}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64}
# SerialGC: no concurrent GC threads competing for two cores, and the smallest footprint; the heap cap
# keeps the process under the 512 MB RSS target with metaspace, code cache and thread stacks on top.
java_opts=${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
password=benchmark-password
app=f1ee7000-0000-4000-8000-000000000001
stats_rounds=30

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/fleet-benchmark
out=$root/target/benchmark/fleet-$instances.txt
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jstat=${JAVA_HOME:+$JAVA_HOME/bin/}jstat

# Thousands separators whatever the locale.
num() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; }
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

[[ "$instances" =~ ^[0-9]+$ && "$instances" -ge 10 ]] || die "instances must be a number >= 10"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 5 ]] || die "seconds must be a number >= 5"

install_if_missing() {
    local command=$1 package=$2
    if ! command -v "$command" >/dev/null; then
        log "installing $package"
        local sudo=""
        [[ $(id -u) -eq 0 ]] || sudo=sudo
        $sudo apt-get update -qq && $sudo apt-get install -y -qq "$package" >/dev/null
    fi
}
install_if_missing wrk wrk
install_if_missing psql postgresql-client
install_if_missing jq jq
install_if_missing curl curl

if $build; then
    log "building the jar"
    ./mvnw -q -DskipTests package
fi
jar=$(ls target/platte-*.jar 2>/dev/null | grep -v -- '-plain' | head -1)
[[ -n "$jar" ]] || die "no target/platte-*.jar: build it or drop --no-build"

port=$(free_port "${BENCH_PORT:-18480}")
pg_port=$(free_port "${BENCH_PG_PORT:-15482}")
base=http://127.0.0.1:$port

pgdata=$work/postgres
server_pid=""
sampler_pid=""


stop_postgres # left over from a run that was killed
rm -rf "$work"
mkdir -p "$work" "$(dirname "$out")"

stop_everything() {
    [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null || true
    stop_server
}
trap stop_everything EXIT
trap 'exit 130' INT TERM

log "starting $jar on port $port (PostgreSQL on $pg_port): $java_opts"
start_server "$password" --logging.level.root=WARN
log "server up in $startup_ms ms"

# --- memory sampler: server VmRSS, and PostgreSQL's RSS and PSS sums, tagged with the current phase -----
echo startup >"$work/phase"
(
    while kill -0 "$server_pid" 2>/dev/null; do
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
        pm=$(postmaster_pid)
        files=()
        [[ -z "$pm" ]] || for p in $pm $(pgrep -P "$pm" || true); do files+=("/proc/$p/smaps_rollup"); done
        pg_rss=0 pg_pss=0 pg_count=0
        read -r pg_rss pg_pss pg_count < <(awk '/^Rss:/ { r += $2; n++ } /^Pss:/ { s += $2 }
            END { print r + 0, s + 0, n + 0 }' "${files[@]}" /dev/null 2>/dev/null) || true
        echo "$(cat "$work/phase") $rss $pg_rss $pg_pss $pg_count"
        sleep 1
    done
) >"$work/memory.txt" 2>/dev/null &
sampler_pid=$!
phase() { echo "$1" >"$work/phase"; }

# --- catalog through the API, as an operator would: application, two packages, channel, group, promotion --
token=$(curl -sf -u "admin:$password" -H 'Content-Type: application/json' "$base/api/v1/tokens" \
    -d '{"name":"fleet-benchmark","role":"admin"}' | jq -r .secret)
[[ "$token" == platte_* ]] || die "could not create an API token"
api() {
    local method=$1 path=$2 body=${3:-}
    curl -sf -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        "$base/api/v1$path" ${body:+-d "$body"} || die "$method $path failed"
}
api POST /apps "{\"id\":\"$app\",\"name\":\"Load OS\",\"description\":\"fleet benchmark\"}" >/dev/null
package() {
    api POST "/apps/$app/packages" "{\"version\":\"$1\",\"arch\":\"amd64\",\"type\":\"flatcar\",
        \"codebaseUrl\":\"https://example.com/$1/\",\"fileName\":\"update.gz\",\"size\":1000,
        \"sha1\":\"I6DGNAOrJRUxPbCuLw+AITfiVMo=\",\"sha256\":\"stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=\"}" | jq -r .id
}
old_package=$(package 1000.0.0)
new_package=$(package 1001.0.0)
channel=$(api POST "/apps/$app/channels" "{\"name\":\"load\",\"arch\":\"amd64\",\"packageId\":\"$old_package\"}" | jq -r .id)
group=$(api POST "/apps/$app/groups" "{\"name\":\"Load\",\"track\":\"load\",\"channelId\":\"$channel\",
    \"policy\":{\"maxUpdatesPerPeriod\":100,\"updatePeriod\":\"PT1M\"}}" | jq -r .id)
api PUT "/apps/$app/channels/$channel/package" "{\"packageId\":\"$new_package\"}" >/dev/null

# --- known instances, straight into the database --------------------------------------------------------
phase seed
log "pre-loading $instances instances"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres "$@"; }
started=$(date +%s%N)
psql_ -v instances="$instances" -v app="$app" -v group="$group" -f bench/seed.sql
seed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
history_rows=$(psql_ -tA -c "select count(*) from instance_status_history")
log "pre-loaded in $seed_ms ms ($history_rows status history rows)"

# --- the requests are what they should be: an up-to-date node hears noupdate, a ping is acknowledged ----
omaha_sample() {
    local i=$1 version=$2 children=$3
    curl -sf -H 'Content-Type: text/xml' "$base/v1/update/" --data-binary @- <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" installsource="scheduler" ismachine="1"><os version="Chateau" platform="CoreOS" sp="${version}_x86_64"></os><app appid="{$app}" version="$version" track="load" bootid="{00000000-0000-4000-8000-$(printf %012x "$i")}" oem="qemu" oemversion="0.1" alephversion="3033.2.0" machineid="$(printf %032x "$i")" machinealias="" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false">$children</app></request>
EOF
}
omaha_sample 1 1001.0.0 '<ping active="1"></ping><updatecheck></updatecheck>' \
    | grep -q '<updatecheck status="noupdate"' || die "an up-to-date node was not answered noupdate"
omaha_sample 2 1001.0.0 '<ping active="1"></ping>' \
    | grep -q '<app appid="{'"$app"'}" status="ok"><ping status="ok">' || die "a ping was not acknowledged"

# --- load: checks, pings and events; then the bare ceiling. Each after a warm-up for the JIT. ------------
proc_ticks() { # CPU ticks a process and its reaped children used
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || echo 0
}
cpu_snapshot() { # machine busy and total ticks, then the server's and PostgreSQL's
    local pm pg=0 p
    pm=$(postmaster_pid)
    [[ -z "$pm" ]] || for p in $pm $(pgrep -P "$pm" || true); do pg=$((pg + $(proc_ticks "$p"))); done
    echo "$(awk '/^cpu / { t = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; print t - $5 - $6, t }' /proc/stat)" \
        "$(proc_ticks "$server_pid")" "$pg"
}
wrk_run() { # label duration script url [script args...]: wrk's RESULT line plus where the CPU went
    local label=$1 duration=$2 script=$3 url=$4
    shift 4
    local script_args=() before after wrk_seconds
    [[ $# -eq 0 ]] || script_args=(-- "$@")
    before=$(cpu_snapshot)
    times >"$work/times-$label-before.txt"
    # A long timeout: wrk leaves answers slower than it out of the percentiles, counting them as errors.
    wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 30s --latency -s "$script" "$url" "${script_args[@]}" \
        >"$work/wrk-$label.txt" 2>&1 || die "wrk failed; see $work/wrk-$label.txt"
    # times (not in a pipeline, which would fork): the CPU of this shell's children, wrk's the difference.
    times >"$work/times-$label-after.txt"
    after=$(cpu_snapshot)
    wrk_seconds=$(tail -qn1 "$work/times-$label-before.txt" "$work/times-$label-after.txt" | awk '{
        s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } d = s - d } END { print d }')
    echo "$(grep '^RESULT ' "$work/wrk-$label.txt" | tail -1) $(cpu_used "$before" "$after" "$wrk_seconds")"
}
cpu_used() { # before after [wrk seconds]: in CPUs (CPU-seconds per second), what each used in between
    awk -v b="$1" -v a="$2" -v w="${3:-0}" -v hz="$(getconf CLK_TCK)" -v n="$(nproc)" 'BEGIN {
        split(b, x); split(a, y); total = y[2] - x[2]; f = n / total
        server = (y[3] - x[3]) * f; pg = (y[4] - x[4]) * f; wrk = w * hz * f
        other = (y[1] - x[1]) * f - server - pg - wrk; if (other < 0) other = 0
        printf "cpu_server=%.2f cpu_pg=%.2f cpu_wrk=%.2f cpu_other=%.2f cpu_idle=%.2f",
            server, pg, wrk, other, (total - (y[1] - x[1])) * f }'
}
gc_counts() { # young collections, their seconds, full collections, their seconds
    { "$jstat" -gc "$server_pid" 2>/dev/null || true; } | awk 'NR == 2 { print $(NF-6), $(NF-5), $(NF-4), $(NF-3) }'
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
# The JIT needs thousands of requests per hot method; at a few hundred per second that takes a while.
warmup=${BENCH_WARMUP:-$seconds}

# Signed in as a browser is (HTTP Basic would pay bcrypt on every call): the pages and the actuator.
curl -sf -c "$work/cookies" -b "$work/cookies" "$base/login" -o "$work/login.html"
csrf=$(grep -o 'name="_csrf"[^>]*value="[^"]*"' "$work/login.html" | sed 's/.*value="//; s/"$//')
[[ -n "$csrf" ]] || die "no CSRF token on the login page"
login=$(curl -s -c "$work/cookies" -b "$work/cookies" -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "username=admin" --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" "$base/login")
[[ "$login" == "302 "* && "$login" != *error* ]] || die "sign-in failed: $login"

# The server's own view of the update requests: time per request, and how much of it went to waiting
# for a database connection. Counters before and after the run give the run's means.
server_metrics() { # prints: requests seconds acquires acquire-seconds uses use-seconds pool-size
    local name values=()
    for name in "http.server.requests?tag=uri:/v1/update" hikaricp.connections.acquire \
        hikaricp.connections.usage hikaricp.connections.max; do
        values+=($(curl -sf -b "$work/cookies" "$base/actuator/metrics/$name" | jq -r '[.measurements[]
            | select(.statistic == "COUNT" or .statistic == "TOTAL_TIME" or .statistic == "VALUE") | .value]
            | join(" ")' || echo "0 0"))
    done
    echo "${values[@]}"
}

phase warmup
log "warming up for ${warmup} s"
wrk_run warmup-checks "$warmup" bench/omaha.lua "$base/v1/update/" "$instances" "$app" >/dev/null
phase checks
load_started=$(psql_ -tA -c "select now()")
log "update checks, pings and events for ${seconds} s"
gc_before=$(gc_counts)
metrics_before=$(server_metrics)
checks=$(wrk_run checks "$seconds" bench/omaha.lua "$base/v1/update/" "$instances" "$app")
metrics_after=$(server_metrics)
gc_after=$(gc_counts)
# Which answers took the quick path (one read) and which the full one (a transaction).
curl -sf -b "$work/cookies" "$base/actuator/prometheus" | grep '^platte_omaha_requests_seconds_count' >"$work/omaha-paths.txt" || true
phase after-checks
grants=$(psql_ -tA -c "select count(*) from instance_status_history where status = 'granted' and created_at >= '$load_started'")
events=$(psql_ -tA -c "select count(*) from instance_event where created_at >= '$load_started'")
statuses=$(psql_ -tA -F ' ' -c "select status, count(*) from instance_app_state group by 1 order by 2 desc" \
    | awk '{printf "%s%s %d", sep, $1, $2; sep=", "}')

phase warmup-bare
wrk_run warmup-bare "$(( warmup < 5 ? warmup : 5 ))" bench/report.lua "$base/actuator/health/liveness" >/dev/null
phase bare
log "bare HTTP ceiling for ${seconds} s"
bare=$(wrk_run bare "$seconds" bench/report.lua "$base/actuator/health/liveness")
phase idle

# --- group statistics, one request at a time, as the dashboard asks for them ---------------------------
log "timing group statistics"
time_get() { # key label url [curl args...]: prints "label p50 p95 max bytes", times in ms
    local key=$1 label=$2 url=$3 requests=()
    shift 3
    for _ in $(seq $((stats_rounds + 5))); do requests+=(-o /dev/null "$url"); done
    curl -s "$@" -w '%{http_code} %{time_total} %{size_download}\n' "${requests[@]}" >"$work/timing-$key.txt"
    if awk '$1 != 200 { bad = 1 } END { exit !bad }' "$work/timing-$key.txt"; then
        die "$label answered other than 200; see $work/timing-$key.txt"
    fi
    local bytes
    bytes=$(tail -1 "$work/timing-$key.txt" | cut -d' ' -f3)
    tail -n "$stats_rounds" "$work/timing-$key.txt" | awk '{ print $2 * 1000 }' | sort -n | awk -v label="$label" \
        -v bytes="$bytes" '{ t[NR] = $1 } END {
            printf "%-48s %8.1f %8.1f %8.1f %9d\n", label, t[int(NR * 0.5) + 1], t[int(NR * 0.95) + 1], t[NR], bytes }'
}
stats_cpu_before=$(cpu_snapshot)
stats_table=$(
    time_get stats-api "API  GET .../groups/{id}/stats" "$base/api/v1/apps/$app/groups/$group/stats" \
        -H "Authorization: Bearer $token"
    time_get timeline-api "API  GET .../groups/{id}/timeline (status, 7d)" \
        "$base/api/v1/apps/$app/groups/$group/timeline?kind=status&range=7d" -H "Authorization: Bearer $token"
    time_get group-page "page GET /apps/{app}/groups/{id}" "$base/apps/$app/groups/$group" -b "$work/cookies"
    time_get progress-page "page GET /apps/{app}/groups/{id}/progress" "$base/apps/$app/groups/$group/progress" -b "$work/cookies"
)
stats_cpu=$(cpu_used "$stats_cpu_before" "$(cpu_snapshot)")

# --- report ---------------------------------------------------------------------------------------------
sleep 1
rss_max() { awk -v p="$1" '$1 ~ p { if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$work/memory.txt"; }
pg_max() { awk -v p="$1" -v c="$2" '$1 ~ p { if ($c > m) m = $c } END { printf "%.0f", m / 1024 }' "$work/memory.txt"; }
pg_processes=$(awk '$1 == "checks" { if ($5 > m) m = $5 } END { print m + 0 }' "$work/memory.txt")
checks_rps=$(awk -v r="$(field requests "$checks")" -v s="$(field seconds "$checks")" 'BEGIN { printf "%.0f", r / s }')
bare_rps=$(awk -v r="$(field requests "$bare")" -v s="$(field seconds "$bare")" 'BEGIN { printf "%.0f", r / s }')
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
ratio=$(awk -v a="$checks_rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", a / b }')
cpu() {
    local wrk=""
    [[ "$(field cpu_wrk " $1")" == 0.00 ]] || wrk=", wrk $(field cpu_wrk " $1")"
    echo "CPUs used (of $(nproc)): server $(field cpu_server " $1"), PostgreSQL $(field cpu_pg " $1")$wrk, other processes $(field cpu_other " $1"), idle $(field cpu_idle " $1")"
}
errors() { echo "non-2xx $(field non2xx "$1"), socket errors: connect $(field connect "$1"), read $(field read "$1"), write $(field write "$1"), timeout $(field timeout "$1")"; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "MISSED" }'; }
stats_worst=$(awk '{ if ($(NF-2) > m) m = $(NF-2) } END { print m + 0 }' <<<"$stats_table")
server_rss=$(rss_max '^(checks|bare)$')

report=$(cat <<EOF
Platte fleet benchmark: $(num "$instances") known instances, ${seconds} s per load run
date $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo " (with local changes)")
machine: $(nproc) CPUs shared by server, PostgreSQL and wrk; $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM; load average before the run $load_before
server: $("$java" -version 2>&1 | head -1), flags: $java_opts; started in $(num "$startup_ms") ms
fleet: group "Load" follows a channel promoted from 1000.0.0 to 1001.0.0, limit 100 grants per minute;
       90% of instances on 1001.0.0 (complete), 10% on 1000.0.0 (held); pre-loaded in $(num "$seed_ms") ms
       with $(num "$history_rows") status history rows

update traffic (80% checks, 15% pings, 5% events from nodes behind), wrk -t$threads -c$connections -d${seconds}s, POST /v1/update/:
  $(num "$checks_rps") requests/s; p50 $(ms "$(field p50_us "$checks")") ms, p90 $(ms "$(field p90_us "$checks")") ms, p99 $(ms "$(field p99_us "$checks")") ms, p99.9 $(ms "$(field p999_us "$checks")") ms, max $(ms "$(field max_us "$checks")") ms
  $(errors "$checks")
  $(cpu "$checks")
  $(awk -v b="$gc_before" -v a="$gc_after" 'BEGIN { split(b, x); split(a, y)
      printf "garbage collection: %d young (%.2f s), %d full (%.2f s)", y[1] - x[1], y[2] - x[2], y[3] - x[3], y[4] - x[4] }')
  $(awk -v b="$metrics_before" -v a="$metrics_after" 'BEGIN { split(b, x); split(a, y)
      requests = y[1] - x[1]; acquires = y[3] - x[3]; uses = y[5] - x[5]
      if (requests > 0 && acquires > 0 && uses > 0)
          printf "server side: %.1f ms per request, %.1f ms of it waiting for one of %d database connections, each held %.1f ms per use",
              (y[2] - x[2]) * 1000 / requests, (y[4] - x[4]) * 1000 / acquires, y[7], (y[6] - x[6]) * 1000 / uses
      else print "server side: no metrics" }')
  during the run: $grants grants, $(num "$events") events recorded; statuses now: $statuses
bare HTTP ceiling, same server, wrk -t$threads -c$connections -d${seconds}s, GET /actuator/health/liveness:
  $(num "$bare_rps") requests/s; p50 $(ms "$(field p50_us "$bare")") ms, p99 $(ms "$(field p99_us "$bare")") ms
  $(errors "$bare")
  $(cpu "$bare")
ratio update traffic / ceiling: $ratio

group statistics at $(num "$instances") instances, $stats_rounds sequential requests each after 5 warm-up, no wrk load:
                                                   p50 ms   p95 ms   max ms     bytes
$(sed 's/^/  /' <<<"$stats_table")
  $(cpu "$stats_cpu")

memory, sampled every second:
  server RSS (java pid $server_pid): max $server_rss MB under load (update traffic and ceiling), $(rss_max '.') MB over the whole run
  PostgreSQL ($pg_processes processes) under update traffic: RSS sum max $(pg_max '^checks$' 3) MB, PSS sum max $(pg_max '^checks$' 4) MB
  (RSS counts the shared buffers once per process that touched them; PSS shares them out)

targets (issue 7):
  update checks >= 10,000/s: $(verdict "$checks_rps" ">=" 10000)   p99 <= 20 ms: $(verdict "$(field p99_us "$checks")" "<=" 20000)   ratio >= 0.5: $(verdict "$ratio" ">=" 0.5)
  group statistics <= 100 ms (slowest p95 above: $stats_worst ms): $(verdict "$stats_worst" "<=" 100)   server RSS <= 512 MB: $(verdict "$server_rss" "<=" 512)
EOF
)
echo "$report" >"$out"
echo "$report"
log "written to ${out#"$root"/}"
