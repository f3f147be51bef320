#!/usr/bin/env bash
# Load benchmark of the update path of one Platte server (issues 7 and 16). For each fleet size it starts the
# built jar as its own process on a fresh embedded PostgreSQL, pre-loads that many known instances with a
# rollout in progress, and drives POST /v1/update/ with wrk, each mix several times:
#   (a) unchanged  update_engine's periodic check (ping + updatecheck + 3/2) from up-to-date and held nodes
#   (b) events     the same with 5% download/install events from nodes in the rollout
#   (d) garbage    the same servlet rejecting a body that is not XML (400, no database)
#       miss       the same servlet's cheapest answer, a 404 for /v1/update/x/y (no body, XML or database;
#                  /v1/update passes no filter, so this is the filter-free ceiling)
#   (c) rollout    a group of 100,000 promoted with no limits: half the requests walk its nodes through
#                  grant, download, install and completion, the other half are (a)
# (a), (b) and (d) run in rounds, one of each per round, so that a ratio is taken between runs seconds apart.
# Then it compares the cost of an unchanged check across the fleet sizes.
#
#   bench/fleet-benchmark.sh [--no-build] [instances=100000,1000000] [seconds=30]
#
# Environment: BENCH_RUNS (rounds, 3), BENCH_THREADS / BENCH_CONNECTIONS (wrk -t / -c, 1 / 32),
# BENCH_WARMUP / BENCH_WARMUP_REQUESTS (of (a) before the first round, at least: as long as a run, and 50,000;
# at most 10 minutes), BENCH_IDLE (seconds the server rests before the rounds, to measure its own CPU, 30), BENCH_JAVA_OPTS (server JVM flags,
# none: as shipped), BENCH_JAR (the jar; default target/platte-*.jar), BENCH_PROFILE=1 (one more run of (a)
# under Java Flight Recorder, its top frames in the report), BENCH_EVENT_PERCENT (5),
# BENCH_ROLLOUT_SIZE (100000), BENCH_ROLLOUT_PERCENT (50), BENCH_UPDATE_PERIOD (group Load's period of 100 grants, PT1H), BENCH_PORT / BENCH_PG_PORT (first ports tried,
# 18480 / 15482), JAVA_HOME.
# Writes target/benchmark/fleet.txt; logs, wrk output and profiles go to target/fleet-benchmark/.
set -euo pipefail
shopt -s inherit_errexit

build=true
if [[ "${1:-}" == "--no-build" ]]; then
    build=false
    shift
fi
sizes=${1:-100000,1000000}
seconds=${2:-30}
runs=${BENCH_RUNS:-3}
threads=${BENCH_THREADS:-1}
connections=${BENCH_CONNECTIONS:-32}
warmup=${BENCH_WARMUP:-$seconds}
warmup_requests=${BENCH_WARMUP_REQUESTS:-50000}
idle_seconds=${BENCH_IDLE:-30}
java_opts=${BENCH_JAVA_OPTS:-}
event_percent=${BENCH_EVENT_PERCENT:-5}
rollout_size=${BENCH_ROLLOUT_SIZE:-100000}
rollout_percent=${BENCH_ROLLOUT_PERCENT:-50}
# An hour: its 100 grants go in the warm-up, and (a) is unchanged checks only. With a minute, the held nodes
# checking when a minute's grants free up queue for the group's lock in every run (issue 16).
update_period=${BENCH_UPDATE_PERIOD:-PT1H}
profile=${BENCH_PROFILE:-0}
password=benchmark-password
app=f1ee7000-0000-4000-8000-000000000001

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/fleet-benchmark
out=$root/target/benchmark/fleet.txt
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jcmd=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
jfr=${JAVA_HOME:+$JAVA_HOME/bin/}jfr
hz=$(getconf CLK_TCK)

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

IFS=, read -ra fleet_sizes <<<"$sizes"
for n in "${fleet_sizes[@]}"; do
    [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1000 ]] || die "instances must be numbers >= 1000, separated by commas"
done
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 5 ]] || die "seconds must be a number >= 5"
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 ]] || die "BENCH_RUNS must be a number >= 1"

install_if_missing wrk wrk
install_if_missing psql postgresql-client
install_if_missing jq jq
install_if_missing curl curl

application_jar "$build"

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
    sampler_pid=""
    stop_server
}
trap stop_everything EXIT
trap 'exit 130' INT TERM

phase() { echo "$1" >"$work/phase"; }

# --- measuring one run ----------------------------------------------------------------------------------
proc_ticks() { # CPU ticks a process and its reaped children used
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || echo 0
}
# machine busy and total ticks, the server's, PostgreSQL's (all its processes), then from the server's own
# metrics: bytes allocated in the young generation, and answers by path (quick: one read; full: a transaction)
snapshot() {
    local pm pg=0 p scrape
    pm=$(postmaster_pid)
    [[ -z "$pm" ]] || for p in $pm $(pgrep -P "$pm" || true); do pg=$((pg + $(proc_ticks "$p"))); done
    scrape=$(curl -sf "$base/actuator/prometheus" || true)
    echo "$(awk '/^cpu / { t = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; print t - $5 - $6, t }' /proc/stat)" \
        "$(proc_ticks "$server_pid")" "$pg" "$(awk '
            /^jvm_gc_memory_allocated_bytes_total/ { a += $NF }
            /^platte_omaha_requests_seconds_count/ { if ($0 ~ /path="quick"/) q += $NF; else f += $NF }
            END { printf "%.0f %.0f %.0f", a, q, f }' <<<"$scrape")"
}
# pending | dropped_total: the server's platte_last_seen_<name>, as a whole number
last_seen() {
    curl -sf "$base/actuator/prometheus" | awk -v m="platte_last_seen_$1" '$1 == m { printf "%.0f", $2 }'
}
# reports and batches written by the group commit, and batches that failed: three whole numbers
group_commit() {
    curl -sf "$base/actuator/prometheus" | awk '
        $1 == "platte_omaha_group_commit_reports_sum" { r = $2 }
        $1 == "platte_omaha_group_commit_reports_count" { b = $2 }
        $1 == "platte_omaha_group_commit_failures_total" { f = $2 }
        END { printf "%.0f %.0f %.0f", r, b, f }'
}
# label duration mix [mix args...]: runs wrk once; prints one line of key=value pairs: wrk's RESULT fields,
# then per request the server's and PostgreSQL's CPU milliseconds and the server's allocated bytes, the
# answers by path, and the CPUs (of all) each process used.
wrk_run() {
    local label=$1 duration=$2 mix=$3 url=$base/v1/update/
    shift 3
    local before after wrk_seconds
    before=$(snapshot)
    times >"$work/times-$label-before.txt"
    # A long timeout: wrk leaves answers slower than it out of the percentiles, counting them as errors.
    wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 30s --latency -s bench/omaha.lua "$url" \
        -- "$mix" "$@" >"$work/wrk-$label.txt" 2>&1 || die "wrk failed; see $work/wrk-$label.txt"
    # times (not in a pipeline, which would fork): the CPU of this shell's children, wrk's the difference.
    times >"$work/times-$label-after.txt"
    after=$(snapshot)
    wrk_seconds=$(tail -qn1 "$work/times-$label-before.txt" "$work/times-$label-after.txt" | awk '{
        s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } d = s - d } END { print d }')
    local result
    result=$(grep '^RESULT ' "$work/wrk-$label.txt" | tail -1) || die "no RESULT from wrk; see $work/wrk-$label.txt"
    echo "$result $(grep -h '^\(WALK\|STATUS\) ' "$work/wrk-$label.txt" | sed 's/^[A-Z]* //' | tr '\n' ' ')$(awk -v b="$before" -v a="$after" \
        -v r="$(field requests "$result")" -v secs="$(field seconds "$result")" -v w="$wrk_seconds" -v hz="$hz" \
        -v n="$(nproc)" -v is="${idle_server_tps:-0}" -v ip="${idle_pg_tps:-0}" 'BEGIN {
        split(b, x); split(a, y); total = y[2] - x[2]; f = n / total
        server = (y[3] - x[3]) * f; pg = (y[4] - x[4]) * f; wrk = w * hz * f
        other = (y[1] - x[1]) * f - server - pg - wrk; if (other < 0) other = 0
        # Net of what the server and PostgreSQL do when no request comes (jobs, the metrics refresh).
        idle_s = is * secs; idle_p = ip * secs
        printf "server_ms=%.4f pg_ms=%.4f alloc_bytes=%.0f quick=%d full=%d ",
            (y[3] - x[3] - idle_s) * 1000 / hz / r, (y[4] - x[4] - idle_p) * 1000 / hz / r, (y[5] - x[5]) / r,
            y[6] - x[6], y[7] - x[7]
        printf "cpu_server=%.2f cpu_pg=%.2f cpu_wrk=%.2f cpu_other=%.2f cpu_idle=%.2f",
            server, pg, wrk, other, (total - (y[1] - x[1])) * f }')"
}
field() { sed -n "s/.*\(^\| \)$1=\([^ ]*\).*/\2/p" <<<"$2"; }
rps() { awk -v r="$(field requests "$1")" -v s="$(field seconds "$1")" 'BEGIN { printf "%.0f", r / s }'; }
# values...: "min / median / max"
spread() {
    printf '%s\n' "$@" | sort -g | awk -v fmt="${fmt:-%.0f}" '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf fmt " / " fmt " / " fmt, v[1], m, v[NR] }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# label results...: one line of the report table
row() {
    local label=$1 r line
    shift
    local rates=() p99s=() servers=() pgs=() allocs=() quick=0 full=0 errors=0
    for r in "$@"; do
        rates+=("$(rps "$r")")
        p99s+=("$(awk -v us="$(field p99_us "$r")" 'BEGIN { printf "%.1f", us / 1000 }')")
        servers+=("$(field server_ms "$r")")
        pgs+=("$(field pg_ms "$r")")
        allocs+=("$(awk -v b="$(field alloc_bytes "$r")" 'BEGIN { printf "%.1f", b / 1024 }')")
        quick=$((quick + $(field quick "$r")))
        full=$((full + $(field full "$r")))
        errors=$((errors + $(field non2xx "$r") + $(field timeout "$r") + $(field read "$r") + $(field connect "$r")))
    done
    line=$(printf '  %-34s %-24s %-20s %-22s %-22s %-18s' "$label" "$(spread "${rates[@]}")" \
        "$(fmt=%.1f spread "${p99s[@]}")" "$(fmt=%.3f spread "${servers[@]}")" "$(fmt=%.3f spread "${pgs[@]}")" \
        "$(fmt=%.1f spread "${allocs[@]}")")
    if (( quick + full > 0 )); then
        line+=" quick $quick, full $full"
    fi
    if [[ "$label" == *"(d)"* ]]; then
        # The garbage and miss mixes answer 400 and 404 on purpose; omaha.lua counts any other answer.
        errors=0
        for r in "$@"; do
            errors=$((errors + $(field unexpected "$r") + $(field timeout "$r") + $(field read "$r") + $(field connect "$r")))
        done
    fi
    if (( errors > 0 )); then
        line+="  ERRORS: $errors unexpected answers or socket errors"
    fi
    echo "$line"
}
cpu_line() { # the CPUs each process used during a run
    echo "CPUs used (of $(nproc)): server $(field cpu_server "$1"), PostgreSQL $(field cpu_pg "$1"), wrk $(field cpu_wrk "$1"), other processes $(field cpu_other "$1"), idle $(field cpu_idle "$1")"
}
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "MISSED" }'; }

# --- the top of a Java Flight Recorder profile: own time by method, and time under a few frames ----------
profile_top() { # recording
    "$jfr" print --stack-depth 256 --events jdk.ExecutionSample "$1" >"$work/samples.txt"
    awk '
        BEGIN {
            n = split("the Omaha servlet (all of it)|OmahaServlet\\.doPost" \
                "|  decoding the request (OmahaCodec.decode)|OmahaCodec\\.decode$" \
                "|  answering it (OmahaService.answer)|OmahaService\\.answer$" \
                "|    the quick read (QuickLook.read)|QuickLook\\.read$" \
                "|    the full path (a transaction)|OmahaService\\.fullOutcome" \
                "|  encoding the answer (OmahaCodec.encode)|OmahaCodec\\.encode$" \
                "|Tomcat request handling (Http11Processor.service)|Http11Processor\\.service$" \
                "|PostgreSQL driver (org.postgresql)|^org\\.postgresql\\.", parts, "|")
            groups = n / 2
            for (k = 1; k <= groups; k++) {
                name[k] = parts[2 * k - 1]; pattern[k] = parts[2 * k]
                if (name[k] ~ /^Tomcat/) tomcat = k
            }
        }
        /stackTrace = \[/ { inside = 1; top = ""; split("", seen); samples++; next }
        inside && /^[[:space:]]*\]/ {
            inside = 0; self[top]++
            if (!(1 in seen) && (tomcat in seen)) outside++
            if (!(tomcat in seen)) background++
            next
        }
        inside {
            frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*/, "", frame); sub(/\(.*/, "", frame)
            if (top == "") top = frame
            for (k = 1; k <= groups; k++) if (!(k in seen) && frame ~ pattern[k]) { seen[k] = 1; under[k]++ }
        }
        END {
            if (samples == 0) { print "  no samples"; exit }
            printf "  %d samples; share of samples with the frame on the stack:\n", samples
            for (k = 1; k <= groups; k++) printf "    %-56s %5.1f%%\n", name[k], 100 * under[k] / samples
            printf "    %-56s %5.1f%%\n", "  Tomcat and servlet filters, outside the servlet", 100 * outside / samples
            printf "    %-56s %5.1f%%\n", "no request on the stack (jobs, GC, JIT, the poller)", 100 * background / samples
            printf "  own time, top 25 methods:\n"
            for (f in self) printf "    %5.1f%%  %s\n", 100 * self[f] / samples, f | "sort -rn | head -25"
        }' "$work/samples.txt"
}

# --- one fleet size: a fresh server and database, the catalog, the fleet, the mixes ----------------------
declare -A unchanged_server_ms unchanged_pg_ms unchanged_alloc unchanged_rps unchanged_p99 events_rps ratio_median
report_sections=()

measure_size() {
    local instances=$1 label=$2
    idle_server_tps=0 idle_pg_tps=0
    rm -rf "$pgdata"
    log "[$label] starting $jar on port $port (PostgreSQL on $pg_port)${java_opts:+: $java_opts}"
    # Prometheus metrics without signing in: the benchmark reads the server's counters between runs.
    start_server "$password" --logging.level.root=WARN --platte.metrics.public=true
    log "[$label] server up in $startup_ms ms"

    # Memory: server VmRSS, PostgreSQL's RSS and PSS sums, tagged with the current phase.
    phase startup
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
    ) >"$work/memory-$label.txt" 2>/dev/null &
    sampler_pid=$!

    # The catalog through the API, as an operator would: an application, two packages, a channel promoted
    # from the first to the second for group "Load" (limited to 100 grants a period: a rollout in progress),
    # and a channel for group "Swing" (no limits), promoted only for the rollout mix.
    local token
    token=$(curl -sf -u "admin:$password" -H 'Content-Type: application/json' "$base/api/v1/tokens" \
        -d '{"name":"fleet-benchmark","role":"admin"}' | jq -r .secret)
    [[ "$token" == platte_* ]] || die "could not create an API token"
    package() {
        api POST "/apps/$app/packages" "{\"version\":\"$1\",\"arch\":\"amd64\",\"type\":\"flatcar\",
            \"codebaseUrl\":\"https://example.com/$1/\",\"fileName\":\"update.gz\",\"size\":1000,
            \"sha1\":\"I6DGNAOrJRUxPbCuLw+AITfiVMo=\",\"sha256\":\"stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=\"}" | jq -r .id
    }
    api POST /apps "{\"id\":\"$app\",\"name\":\"Load OS\",\"description\":\"fleet benchmark\"}" >/dev/null
    local old_package new_package channel group swing_channel swing_group
    old_package=$(package 1000.0.0)
    new_package=$(package 1001.0.0)
    channel=$(api POST "/apps/$app/channels" "{\"name\":\"load\",\"arch\":\"amd64\",\"packageId\":\"$old_package\"}" | jq -r .id)
    group=$(api POST "/apps/$app/groups" "{\"name\":\"Load\",\"track\":\"load\",\"channelId\":\"$channel\",
        \"policy\":{\"maxUpdatesPerPeriod\":100,\"updatePeriod\":\"$update_period\"}}" | jq -r .id)
    api PUT "/apps/$app/channels/$channel/package" "{\"packageId\":\"$new_package\"}" >/dev/null
    swing_channel=$(api POST "/apps/$app/channels" "{\"name\":\"swing\",\"arch\":\"amd64\",\"packageId\":\"$old_package\"}" | jq -r .id)
    swing_group=$(api POST "/apps/$app/groups" "{\"name\":\"Swing\",\"track\":\"swing\",\"channelId\":\"$swing_channel\",
        \"policy\":{\"safeMode\":false}}" | jq -r .id)

    # The known fleet, straight into the database; every hundredth node then is in the rollout (granted).
    # Granted 30 minutes ago, in their state only (the period's count reads the history, so these leave its
    # grants free), and within the group's 1-hour update timeout for the whole run. (Two hours ago made all of them overdue at once: the timeout sweep then
    # failed 10,000 updates in the background during (a) and (b), a third of the server's CPU.)
    phase seed
    log "[$label] pre-loading $instances instances"
    local started seed_ms
    started=$(date +%s%N)
    psql_ -v instances="$instances" -v app="$app" -v group="$group" -f bench/seed.sql
    psql_ -c "UPDATE instance_app_state s SET status = 'granted', hold_reason = NULL, update_in_progress = true,
                  last_granted_version = '1001.0.0', last_granted_at = now() - interval '30 minutes',
                  status_changed_at = now() - interval '30 minutes'
              FROM generate_series(0, $instances - 1, 100) g(i)
              WHERE s.machine_id = lpad(to_hex(g.i), 32, '0') AND s.application_id = '$app'"
    seed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
    log "[$label] pre-loaded in $seed_ms ms"

    # The requests are what they should be.
    omaha_sample() { # node version track children
        curl -sf -H 'Content-Type: text/xml' "$base/v1/update/" --data-binary @- <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" installsource="scheduler" ismachine="1"><os version="Chateau" platform="CoreOS" sp="${2}_x86_64"></os><app appid="{$app}" version="$2" track="$3" bootid="{00000000-0000-4000-8000-$(printf %012x "$1")}" oem="qemu" oemversion="0.1" alephversion="3033.2.0" machineid="$(printf %032x "$1")" machinealias="" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false">$4</app></request>
EOF
    }
    local check='<ping active="1"></ping><updatecheck></updatecheck><event eventtype="3" eventresult="2" previousversion=""></event>'
    omaha_sample 1 1001.0.0 load "$check" | grep -q '<updatecheck status="noupdate"' \
        || die "an up-to-date node was not answered noupdate"
    omaha_sample 100 1000.0.0 load '<event eventtype="13" eventresult="1"></event>' \
        | grep -q '<event status="ok">' || die "an event was not acknowledged"
    [[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/v1/update/x/y")" == 404 ]] \
        || die "POST /v1/update/x/y did not answer 404"

    # Warm-up for the JIT, every mix of the rounds; then the rounds.
    # Warm-up for the JIT: compiled code needs thousands of requests per path, which on a busy machine take
    # longer than any fixed time.
    phase warmup
    log "[$label] warming up: at least $warmup s and $(printf "%'d" "$warmup_requests") requests of (a), at most 10 minutes"
    local warmed=0 warm_started=$SECONDS
    until (( warmed >= warmup_requests || SECONDS - warm_started >= 600 )); do
        warmed=$((warmed + $(field requests "$(wrk_run "$label-warmup-unchanged" "$warmup" unchanged "$instances" "$app")")))
    done
    local mix short=$(( seconds < 5 ? seconds : 5 ))
    for mix in events garbage miss; do
        wrk_run "$label-warmup-$mix" "$short" "$mix" "$instances" "$app" "$event_percent" >/dev/null
    done
    # The server's and PostgreSQL's own CPU with no request coming, subtracted from each run's: the least
    # of 3-second windows, as the JIT and the collector may still finish the warm-up's work in the first.
    # First the warm-up's last-seen backlog is written (the writer rests between batches while behind, so
    # it takes a while): rest is rest, and each round starts from the same empty buffer.
    phase idle
    local drained_from=$SECONDS
    until [[ "$(last_seen pending)" == 0 ]] || (( SECONDS - drained_from >= 600 )); do sleep 2; done
    log "[$label] last-seen backlog written in $((SECONDS - drained_from)) s ($(last_seen pending) left)"
    log "[$label] measuring the server and PostgreSQL at rest for $idle_seconds s"
    local rest window rates=()
    for window in $(seq $(( idle_seconds / 3 > 1 ? idle_seconds / 3 : 1 ))); do
        rest=$(snapshot)
        sleep 3
        rates+=("$(awk -v b="$rest" -v a="$(snapshot)" 'BEGIN {
            split(b, x); split(a, y); printf "%.3f %.3f", (y[3] - x[3]) / 3, (y[4] - x[4]) / 3 }')")
    done
    idle_server_tps=$(printf '%s\n' "${rates[@]}" | awk 'NR == 1 || $1 < m { m = $1 } END { print m }')
    idle_pg_tps=$(printf '%s\n' "${rates[@]}" | awk 'NR == 1 || $2 < m { m = $2 } END { print m }')
    local round unchanged=() events=() garbage=() miss=() ratios=() r dropped_before dropped_after pending_after
    dropped_before=$(last_seen dropped_total)
    local batches_before batches_after
    batches_before=$(group_commit)
    for round in $(seq "$runs"); do
        log "[$label] round $round of $runs: unchanged checks, 5% events, 400 and 404, $seconds s each"
        phase unchanged
        r=$(wrk_run "$label-unchanged-$round" "$seconds" unchanged "$instances" "$app")
        unchanged+=("$r")
        phase events
        events+=("$(wrk_run "$label-events-$round" "$seconds" events "$instances" "$app" "$event_percent")")
        phase ceiling
        garbage+=("$(wrk_run "$label-garbage-$round" "$seconds" garbage "$instances" "$app")")
        miss+=("$(wrk_run "$label-miss-$round" "$seconds" miss "$instances" "$app")")
        ratios+=("$(awk -v a="$(rps "$r")" -v b="$(rps "${miss[-1]}")" 'BEGIN { printf "%.2f", a / b }')")
    done

    dropped_after=$(last_seen dropped_total); pending_after=$(last_seen pending)
    batches_after=$(group_commit)
    local profile_text=""
    if [[ "$profile" == 1 ]]; then
        log "[$label] one more run of unchanged checks under Java Flight Recorder"
        phase profile
        # Deep enough for Tomcat's frames under Spring's (the default, 64, cuts the bottom of the stack off).
        "$jcmd" "$server_pid" JFR.configure stackdepth=256 >/dev/null 2>&1 || true
        "$jcmd" "$server_pid" JFR.start name=bench settings=profile >/dev/null
        wrk_run "$label-profile" "$seconds" unchanged "$instances" "$app" >/dev/null
        "$jcmd" "$server_pid" JFR.stop name=bench filename="$work/profile-$label.jfr" >/dev/null
        profile_text=$(profile_top "$work/profile-$label.jfr")
    fi

    # (c): the promotion, then the group's nodes, all on 1000.0.0 (held while the channel was limited).
    phase seed-rollout
    log "[$label] promoting group Swing and pre-loading its $rollout_size instances"
    api PUT "/apps/$app/channels/$swing_channel/package" "{\"packageId\":\"$new_package\"}" >/dev/null
    psql_ -v instances="$rollout_size" -v first="$instances" -v behind_every=1 -v app="$app" \
        -v group="$swing_group" -f bench/seed.sql
    local rollout_started rollout=() next=0
    rollout_started=$(psql_ -tA -c "select now()")
    phase rollout
    for round in $(seq "$runs"); do
        log "[$label] rollout in full swing, run $round of $runs"
        r=$(wrk_run "$label-rollout-$round" "$seconds" rollout "$instances" "$app" "$instances" "$rollout_size" \
            "$next" "$rollout_percent")
        next=$(field next "$r")
        rollout+=("$r")
    done
    phase idle
    local swing_statuses grants completions
    swing_statuses=$(psql_ -tA -F ' ' -c "select status, count(*) from instance_app_state where group_id = '$swing_group'
        group by 1 order by 2 desc" | awk '{ printf "%s%s %d", sep, $1, $2; sep = ", " }')
    grants=$(psql_ -tA -c "select count(*) from instance_status_history where group_id = '$swing_group'
        and status = 'granted' and created_at >= '$rollout_started'")
    completions=$(psql_ -tA -c "select count(*) from instance_status_history where group_id = '$swing_group'
        and status = 'complete' and created_at >= '$rollout_started'")

    sleep 1
    kill "$sampler_pid" 2>/dev/null || true
    sampler_pid=""
    stop_server
    server_pid=""

    local memory=$work/memory-$label.txt
    rss_max() { awk -v p="$1" '$1 ~ p { if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$memory"; }
    pg_max() { awk -v p="$1" -v c="$2" '$1 ~ p { if ($c > m) m = $c } END { printf "%.0f", m / 1024 }' "$memory"; }

    local u_server=() u_pg=() u_alloc=() u_rps=() u_p99=() e_rps=()
    for r in "${unchanged[@]}"; do
        u_server+=("$(field server_ms "$r")"); u_pg+=("$(field pg_ms "$r")"); u_alloc+=("$(field alloc_bytes "$r")")
        u_rps+=("$(rps "$r")"); u_p99+=("$(field p99_us "$r")")
    done
    for r in "${events[@]}"; do e_rps+=("$(rps "$r")"); done
    unchanged_server_ms[$label]=$(median "${u_server[@]}")
    unchanged_pg_ms[$label]=$(median "${u_pg[@]}")
    unchanged_alloc[$label]=$(median "${u_alloc[@]}")
    unchanged_rps[$label]=$(median "${u_rps[@]}")
    unchanged_p99[$label]=$(median "${u_p99[@]}")
    events_rps[$label]=$(median "${e_rps[@]}")
    ratio_median[$label]=$(median "${ratios[@]}")

    local walked=$(( next / 5 ))
    report_sections+=("$(cat <<EOF
$label known instances ($(printf "%'d" "$instances") rows; $runs rounds of $seconds s, each mix once per round; min / median / max over the rounds):
  fleet pre-loaded in $(printf "%'d" "$seed_ms") ms, server started in $(printf "%'d" "$startup_ms") ms; at rest the server used
  $(awk -v t="$idle_server_tps" -v hz="$hz" 'BEGIN { printf "%.1f", t * 1000 / hz }') ms of CPU a second and PostgreSQL $(awk -v t="$idle_pg_tps" -v hz="$hz" 'BEGIN { printf "%.1f", t * 1000 / hz }') ms (subtracted below)
                                     requests/s               p99 ms               server CPU ms/request  PostgreSQL CPU ms/req  KB allocated/req   answers by path
$(row "(a) unchanged checks" "${unchanged[@]}")
$(row "(b) with $event_percent% download/install events" "${events[@]}")
$(row "(d) 400: garbage, same servlet" "${garbage[@]}")
$(row "(d) 404: /v1/update/x/y, no filter" "${miss[@]}")
$(row "(c) rollout in full swing" "${rollout[@]}")
  ratio (a) / (d) 404 per round: $(fmt=%.2f spread "${ratios[@]}");  (b) / (a), medians: $(awk -v b="${events_rps[$label]}" -v a="${unchanged_rps[$label]}" 'BEGIN { printf "%.2f", b / a }')
  reports (events, pings) written together over the rounds: $(awk -v b="$batches_before" -v a="$batches_after" 'BEGIN {
      split(b, x); split(a, y); r = y[1] - x[1]; n = y[2] - x[2]
      printf "%d in %d batches (%.1f a batch), %d batches failed", r, n, n ? r / n : 0, y[3] - x[3] }')
  last-seen times not kept over the rounds (platte_last_seen_dropped_total): $(printf "%'d" "$((dropped_after - dropped_before))"); waiting after them: $(printf "%'d" "$pending_after")
  where the CPU went during (a), round by round:
$(for r in "${unchanged[@]}"; do echo "    $(cpu_line "$r")"; done)
  (c): group Swing ($(printf "%'d" "$rollout_size") nodes, no limits) promoted from 1000.0.0 to 1001.0.0; $rollout_percent% of the requests walk its nodes,
       the rest are (a). $(printf "%'d" "$next") steps of the walk sent, about $(printf "%'d" "$walked") nodes' worth ($grants grants, $completions completions recorded);
       statuses now: $swing_statuses
  memory: server RSS max $(rss_max '^(unchanged|events|ceiling|rollout)$') MB under load; PostgreSQL RSS sum max $(pg_max '^(unchanged|events|rollout)$' 3) MB, PSS sum max $(pg_max '^(unchanged|events|rollout)$' 4) MB
${profile_text:+profile of (a), Java Flight Recorder (jdk.ExecutionSample, settings=profile):
$profile_text
}
EOF
)")
}

index=0
for n in "${fleet_sizes[@]}"; do
    index=$((index + 1))
    measure_size "$n" "$(printf "%'d" "$n")"
done

labels=()
for n in "${fleet_sizes[@]}"; do labels+=("$(printf "%'d" "$n")"); done
small=${labels[0]}
large=${labels[-1]}
cost() { awk -v s="${unchanged_server_ms[$1]}" -v p="${unchanged_pg_ms[$1]}" 'BEGIN { printf "%.3f", s + p }'; }

report=$(cat <<EOF
Platte fleet benchmark (issue 16): POST /v1/update/ at $(IFS=,; echo "${labels[*]}") known instances
date $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo " (with local changes)")
machine: $(nproc) CPUs shared by server, PostgreSQL and wrk; $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM; load average before the run $load_before
server: $("$java" -version 2>&1 | head -1), flags: ${java_opts:-(none: as shipped)}; $(basename "$jar")
wrk -t$threads -c$connections, timeout 30 s; warm-up of (a) (at least $warmup s and $warmup_requests requests) and 5 s of each other mix
fleet (bench/seed.sql): group "Load" follows a channel promoted from 1000.0.0 to 1001.0.0, 100 grants per $update_period;
  90% of nodes complete on 1001.0.0, 9% held on 1000.0.0, 1% granted 1001.0.0 (in the rollout: (b)'s events)
CPU and allocation per request: the server's and PostgreSQL's CPU time from /proc over the run, less what
  each used at rest (the quietest 3 s of $idle_seconds s before the rounds), divided by wrk's requests; allocation from the server's
  jvm_gc_memory_allocated_bytes_total. Unlike rates and latencies they hold when other processes take the CPU.

$(printf '%s\n' "${report_sections[@]}")

cost of an unchanged check (server + PostgreSQL CPU ms, medians): $(for l in "${labels[@]}"; do printf '%s: %s  ' "$l" "$(cost "$l")"; done)
$( (( ${#labels[@]} > 1 )) && awk -v a="$(cost "$small")" -v b="$(cost "$large")" -v s="$small" -v l="$large" 'BEGIN {
    d = (b - a) / a * 100; printf "  %s vs %s: %+.1f%% (target: within 15%%: %s)", l, s, d, (d <= 15 && d >= -15) ? "met" : "MISSED" }')

targets at $large (issue 16), medians:
  (a) >= 10,000 checks/s: $(verdict "${unchanged_rps[$large]}" ">=" 10000) (${unchanged_rps[$large]})   p99 <= 20 ms: $(verdict "${unchanged_p99[$large]}" "<=" 20000) ($(awk -v us="${unchanged_p99[$large]}" 'BEGIN { printf "%.1f", us / 1000 }') ms)
  (b) >= 0.8 x (a): $(verdict "$(awk -v b="${events_rps[$large]}" -v a="${unchanged_rps[$large]}" 'BEGIN { print b / a }')" ">=" 0.8)   (a) / filter-free >= 0.5: $(verdict "${ratio_median[$large]}" ">=" 0.5) (${ratio_median[$large]})
EOF
)
echo "$report" >"$out"
echo "$report"
log "written to ${out#"$root"/}"
