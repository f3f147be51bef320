#!/usr/bin/env bash
# Start time and memory of Platte as shipped (issue 16). For each way of starting it: the first-ever start
# (fresh data directory: initdb, migrations, seed) and starts on the initialised database, each timed to the
# first answered update check (POST /v1/update/ polled until it answers 200 with an updatecheck); then, on
# the last start, the server's resident memory under an update load, the embedded PostgreSQL's separately.
#
#   bench/startup.sh [--no-build] [ways=jar,run,image] [seconds=30]
#
# Ways of starting, each with nothing but what it ships with:
#   jar    java -jar target/platte-*.jar, nothing added: Platte restarts its JVM with the shipped flags, running
#          the jar extracted into ~/.cache/platte with its ahead-of-time cache (the jar's first start ever records
#          the cache as it stops; the directory is kept between runs, so a jar started before starts cached)
#   run    ./mvnw spring-boot:run, the README's command (pom.xml's jvmArguments and environment): Platte restarts
#          its JVM onto its classes packed into a jar and their ahead-of-time cache, kept here in the work
#          directory, so the first-ever start records it as it stops (target/aot-cache otherwise)
#   image  what the Dockerfile's image runs, without Docker: the jar extracted as its build stage does, the
#          ahead-of-time cache trained as its RUN step trains it, its JAVA_TOOL_OPTIONS and MALLOC_ARENA_MAX,
#          and its ENTRYPOINT's flags (all read from the Dockerfile)
# Each start gets the port arguments the benchmark needs, an admin password (to create the load's catalog)
# and nothing else. Environment: STARTUP_RUNS (starts on the initialised database, 3), STARTUP_INSTANCES
# (known instances for the load, 100000), BENCH_THREADS / BENCH_CONNECTIONS (wrk's -t / -c, 2 / 64),
# BENCH_PORT / BENCH_PG_PORT (first ports tried, 18780 / 15782), JAVA_HOME.
# Writes target/benchmark/startup.txt; logs in target/startup-benchmark/.
set -euo pipefail
shopt -s inherit_errexit

build=true
[[ "${1:-}" != --no-build ]] || { build=false; shift; }
ways=${1:-jar,run,image}
seconds=${2:-30}
runs=${STARTUP_RUNS:-3}
instances=${STARTUP_INSTANCES:-100000}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64}
password=startup-benchmark-password
flatcar=e96281a6-d1af-4bde-9a0a-97b76e56dc57
app=f1ee7000-0000-4000-8000-000000000001
# Omaha's server attribute, so that an answer from another server on a port we had thought free does not count.
server_name=startup-benchmark-$$

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/startup-benchmark
out=$root/target/benchmark/startup.txt
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

[[ "$ways" =~ ^(jar|run|image)(,(jar|run|image))*$ ]] || die "ways: a comma-separated list of jar, run, image"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 5 ]] || die "seconds must be a number >= 5"
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 ]] || die "STARTUP_RUNS must be a number >= 1"
for tool in wrk psql jq curl; do command -v "$tool" >/dev/null || die "$tool is missing (apt-get install wrk postgresql-client jq curl)"; done

application_jar "$build"
rm -rf "$work"
mkdir -p "$work" "$(dirname "$out")"
server_pid="" maven_pid="" sampler_pid="" pgdata=$work/none

stop_everything() {
    [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null || true
    stop_server
    [[ -z "$maven_pid" ]] || wait "$maven_pid" 2>/dev/null || true
}
trap stop_everything EXIT
trap 'exit 130' INT TERM

# --- the image's runtime, as the Dockerfile builds it ---------------------------------------------------
prepare_image() {
    image=$work/image
    local extracted=$work/image-layers entrypoint
    image_tool_options=$(sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' Dockerfile | head -1)
    image_arenas=$(sed -n 's/.*MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' Dockerfile | head -1)
    # ENTRYPOINT ["java", flags..., "-jar", "application.jar"]: the flags, with /app/ where we extracted it.
    entrypoint=$(sed -n 's/^ENTRYPOINT \[\(.*\)\]/\1/p' Dockerfile | tr -d '"' | tr ',' '\n' | sed 's/^ *//')
    [[ -n "$image_tool_options" && "$(head -1 <<<"$entrypoint")" == java ]] || die "cannot read the Dockerfile's JVM flags"
    mapfile -t image_flags < <(sed '1d; /^-jar$/,$d' <<<"$entrypoint" | sed "s|/app/|$image/|g")
    log "extracting the jar as the Dockerfile does"
    cp "$jar" "$work/application.jar"
    "$java" -Djarmode=tools -jar "$work/application.jar" extract --layers --destination "$extracted"
    mkdir -p "$image"
    for layer in dependencies spring-boot-loader snapshot-dependencies application; do
        [[ ! -d "$extracted/$layer" ]] || cp -r "$extracted/$layer/." "$image/"
    done
    mkdir -p "$image/aot"
    log "training the ahead-of-time cache as the Dockerfile does (JAVA_TOOL_OPTIONS=$image_tool_options)"
    (cd "$image" && JAVA_TOOL_OPTIONS="$image_tool_options" MALLOC_ARENA_MAX="$image_arenas" \
        bash "$root/src/main/docker/aot-cache.sh" application.jar aot/platte.aot) >"$work/image-training.log" 2>&1 \
        || die "the training run failed: $(tail -20 "$work/image-training.log")"
}

# --- starting and timing ----------------------------------------------------------------------------------
app_args() {
    echo "--server.port=$port --platte.embedded-postgres.port=$pg_port --platte.embedded-postgres.data-directory=$pgdata --platte.admin.password=$password --platte.omaha.server-name=$server_name"
}
launch() { # way log: starts the server, sets $server_pid (the JVM that serves) and $launched_ns
    local way=$1 log_file=$2
    # Free ports for each start: other benchmarks on the machine may take a port between two starts.
    port=$(free_port "${BENCH_PORT:-18780}") pg_port=$(free_port "${BENCH_PG_PORT:-15782}")
    base=http://127.0.0.1:$port
    launched_ns=$(date +%s%N)
    case $way in
        jar)
            # shellcheck disable=SC2046 # app_args is a list of arguments without spaces
            "$java" -jar "$jar" $(app_args) >"$log_file" 2>&1 &
            server_pid=$! ;;
        image)
            # shellcheck disable=SC2046
            (cd "$image" && JAVA_TOOL_OPTIONS="$image_tool_options" MALLOC_ARENA_MAX="$image_arenas" \
                exec "$java" "${image_flags[@]}" -jar application.jar $(app_args)) >"$log_file" 2>&1 &
            server_pid=$! ;;
        run)
            # Its ahead-of-time cache in the work directory: the first-ever start records it, as after a clean build.
            ./mvnw -q spring-boot:run -Dspring-boot.run.arguments="$(app_args)" \
                -Dplatte.run.aot-cache-directory="$work/run-aot-cache" >"$log_file" 2>&1 &
            maven_pid=$!
            server_pid=""
            until [[ -n "$server_pid" ]]; do
                kill -0 "$maven_pid" 2>/dev/null || die "spring-boot:run exited: $(tail -20 "$log_file")"
                server_pid=$(pgrep -f -- "dev.platte.PlatteApplication --server.port=$port " | head -1 || true)
                sleep 0.1
            done ;;
    esac
}
check_answered() { # an update_engine check from a machine that stays the same: 200 with an updatecheck, from us
    curl -s -m 5 -H 'Content-Type: text/xml' "$base/v1/update/" --data-binary @- <<EOF 2>/dev/null \
        | grep -q "server=\"$server_name\".*<updatecheck status="
<?xml version="1.0" encoding="UTF-8"?>
<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" installsource="scheduler" ismachine="1"><os version="Chateau" platform="CoreOS" sp="3033.2.0_x86_64"></os><app appid="{$flatcar}" version="3033.2.0" track="stable" bootid="{00000000-0000-4000-8000-000000000001}" oem="qemu" oemversion="0.1" alephversion="3033.2.0" machineid="ffffffffffffffffffffffff0000beef" machinealias="" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false"><ping active="1"></ping><updatecheck></updatecheck><event eventtype="3" eventresult="2" previousversion=""></event></app></request>
EOF
}
process_start_ns() { # when a process started: now less its age, both on the clock since boot (/proc/stat's
    # btime is whole seconds, which put the start up to a second early)
    awk -v ticks="$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20)" -v hz="$(getconf CLK_TCK)" \
        -v now="$(date +%s%N)" '{ printf "%.0f", now - ($1 - ticks / hz) * 1e9 }' /proc/uptime
}
cpu_ms() { sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($12 + $13) * 1000 / hz }'; }
# Starts the server and waits for the first answered check. Sets $timed to: ms from the command, ms from
# the JVM serving it (differs for spring-boot:run: Maven runs first), CPU ms the JVM used by then.
timed_start() {
    local way=$1 log_file=$2 jvm_ns
    launch "$way" "$log_file"
    jvm_ns=$(process_start_ns "$server_pid")
    until check_answered; do
        kill -0 "$server_pid" 2>/dev/null || die "the server exited: $(tail -20 "$log_file")"
        (( $(date +%s%N) - launched_ns < 300000000000 )) || die "no check answered within 300 s"
        sleep 0.05
    done
    local now
    now=$(date +%s%N)
    timed="$(( (now - launched_ns) / 1000000 )) $(( (now - jvm_ns) / 1000000 )) $(cpu_ms "$server_pid")"
}
stop() {
    stop_server
    if [[ -n "$maven_pid" ]]; then
        wait "$maven_pid" 2>/dev/null || true
        maven_pid=""
    fi
    server_pid=""
}

# --- load and memory --------------------------------------------------------------------------------------
create_load_fleet() { # an application, channel and group through the API, then $instances known instances
    local token channel group
    token=$(curl -sf -u "admin:$password" -H 'Content-Type: application/json' "$base/api/v1/tokens" \
        -d '{"name":"startup-benchmark","role":"admin"}' | jq -r .secret) || die "could not create an API token"
    [[ "$token" == platte_* ]] || die "could not create an API token"
    api() {
        curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$base/api/v1$1" -d "$2" \
            || die "POST $1 failed"
    }
    api /apps "{\"id\":\"$app\",\"name\":\"Load OS\",\"description\":\"startup benchmark\"}" >/dev/null
    local package
    package=$(api "/apps/$app/packages" '{"version":"1001.0.0","arch":"amd64","type":"flatcar",
        "codebaseUrl":"https://example.com/1001.0.0/","fileName":"update.gz","size":1000,
        "sha1":"I6DGNAOrJRUxPbCuLw+AITfiVMo=","sha256":"stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA="}' | jq -r .id)
    channel=$(api "/apps/$app/channels" "{\"name\":\"load\",\"arch\":\"amd64\",\"packageId\":\"$package\"}" | jq -r .id)
    group=$(api "/apps/$app/groups" "{\"name\":\"Load\",\"track\":\"load\",\"channelId\":\"$channel\"}" | jq -r .id)
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
        -v instances="$instances" -v app="$app" -v group="$group" -f bench/seed.sql >/dev/null
}
sample_memory() { # every second: server RSS kB, then PostgreSQL's RSS sum, PSS sum and process count
    while kill -0 "$server_pid" 2>/dev/null; do
        echo "$(awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo 0) $(postgres_memory_kb)"
        sleep 1
    done
}
load_memory() { # way: prints max server RSS MB, max PostgreSQL RSS and PSS MB, processes, requests/s
    local way=$1
    create_load_fleet
    sample_memory >"$work/$way-memory.txt" 2>/dev/null &
    sampler_pid=$!
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 30s -s bench/omaha.lua "$base/v1/update/" \
        -- unchanged "$instances" "$app" >"$work/$way-wrk.txt" 2>&1 || die "wrk failed; see $work/$way-wrk.txt"
    kill "$sampler_pid" 2>/dev/null || true
    wait "$sampler_pid" 2>/dev/null || true
    sampler_pid=""
    local rps
    rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/$way-wrk.txt")
    awk -v rps="${rps:-0}" '{ for (i = 1; i <= 4; i++) if ($i > m[i]) m[i] = $i }
        END { printf "%.0f %.0f %.0f %d %.0f\n", m[1] / 1024, m[2] / 1024, m[3] / 1024, m[4], rps }' "$work/$way-memory.txt"
}

# --- each way -------------------------------------------------------------------------------------------
declare -A first initialised memory describe
describe[jar]="java -jar ${jar#"$root"/} (restarts itself with the shipped flags and ~/.cache/platte's AOT cache)"
describe[run]="./mvnw spring-boot:run (restarts itself onto its packed classes and their AOT cache)"
describe[image]="the Dockerfile's image (its flags, jar extracted, AOT cache), run without Docker"
for way in ${ways//,/ }; do
    [[ "$way" != image ]] || prepare_image
    pgdata=$work/$way-postgres
    log "$way: first-ever start"
    timed_start "$way" "$work/$way-first.log"
    first[$way]=$timed
    stop
    initialised[$way]=""
    for run in $(seq "$runs"); do
        log "$way: start $run of $runs on the initialised database"
        timed_start "$way" "$work/$way-start-$run.log"
        initialised[$way]+="$timed;"
        if [[ $run -eq $runs ]]; then
            log "$way: update load for ${seconds} s over $instances known instances"
            memory[$way]=$(load_memory "$way")
            describe[$way]+="; server: $(tr '\0' ' ' <"/proc/$server_pid/cmdline" | cut -c1-400)"
            [[ "$way" != run ]] || describe[$way]+="; MALLOC_ARENA_MAX=$(tr '\0' '\n' <"/proc/$server_pid/environ" | sed -n 's/^MALLOC_ARENA_MAX=//p')"
            [[ "$way" != image ]] || describe[$way]+="; JAVA_TOOL_OPTIONS=$image_tool_options MALLOC_ARENA_MAX=$image_arenas"
        fi
        stop
    done
done

# --- report ---------------------------------------------------------------------------------------------
times_line() { # "cmd jvm cpu;..." -> median and spread of each
    tr ';' '\n' <<<"$1" | awk 'NF == 3 { n++; c[n] = $1; j[n] = $2; u[n] = $3 } function med(a, n,   s, i, k, t) {
            for (i = 1; i <= n; i++) s[i] = a[i]
            for (i = 1; i <= n; i++) for (k = i + 1; k <= n; k++) if (s[k] < s[i]) { t = s[i]; s[i] = s[k]; s[k] = t }
            return sprintf("%.1f s (%.1f to %.1f)", s[int((n + 1) / 2)] / 1000, s[1] / 1000, s[n] / 1000) }
        END { printf "%s from the command, %s from the JVM'"'"'s start, JVM CPU %s", med(c, n), med(j, n), med(u, n) }'
}
{
    echo "Platte start time and memory as shipped: ${runs} starts on an initialised database per way, then ${seconds} s of update load"
    echo "date $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo " (with local changes)")"
    echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, load average before the run $load_before; $("$java" -version 2>&1 | head -1)"
    echo "load: wrk -t$threads -c$connections -d${seconds}s -s bench/omaha.lua over $instances known instances (the fleet benchmark's mix (a): unchanged periodic checks)"
    for way in ${ways//,/ }; do
        read -r rss pg_rss pg_pss pg_count rps <<<"${memory[$way]}"
        echo
        echo "$way: ${describe[$way]}"
        echo "  first-ever start, to the first answered check: $(times_line "${first[$way]}")"
        echo "  initialised database, to the first answered check: $(times_line "${initialised[$way]}")"
        echo "  server RSS under load: max $rss MB (target 512 MB: $( ((rss <= 512)) && echo met || echo MISSED)), at $rps requests/s"
        echo "  embedded PostgreSQL under load ($pg_count processes): RSS sum max $pg_rss MB, PSS sum max $pg_pss MB"
    done
    echo
    echo "target: <= 5 s from start to the first answered check with an initialised database; times taken while"
    echo "other processes use the CPUs are not comparable (the JVM's CPU time is less sensitive to that)."
} | tee "$out"
log "written to ${out#"$root"/}"
