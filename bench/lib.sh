# Shared by the bench scripts (sourced): logging, free ports, starting the built jar, and stopping it and the
# embedded PostgreSQL the script started. Expects $pgdata to name that PostgreSQL's data directory.

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The application jar in target/, built first when $1 is true; sets $jar.
application_jar() {
    [[ "$1" != true ]] || { log "building the jar"; ./mvnw -q -DskipTests package; }
    jar=$(ls target/platte-*.jar 2>/dev/null | grep -v -- '-plain' | head -1)
    [[ -n "$jar" ]] || die "no target/platte-*.jar: build it or drop --no-build"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local port=$1
    until port_free "$port"; do port=$((port + 1)); done
    echo "$port"
}

postmaster_pid() {
    [[ -f "$pgdata/postmaster.pid" ]] && head -1 "$pgdata/postmaster.pid" || true
}
stop_postgres() { # ours only: the postmaster whose command line names our data directory
    local pm
    pm=$(postmaster_pid)
    if [[ -n "$pm" ]] && grep -qa -- "$pgdata" "/proc/$pm/cmdline" 2>/dev/null; then
        kill -INT "$pm" 2>/dev/null || true
        for _ in $(seq 30); do kill -0 "$pm" 2>/dev/null || break; sleep 1; done
    fi
}

# The built jar as its own process on a fresh embedded PostgreSQL. Expects $java, $jar, $port, $pg_port,
# $pgdata, $base and $work; takes the admin password, then any further server flags. Sets $server_pid, and
# $startup_ms once /actuator/health/readiness answers (the server must be up within 180 s).
start_server() {
    local password=$1 started
    shift
    # shellcheck disable=SC2086 # java_opts is a list of flags
    "$java" ${java_opts:-} -jar "$jar" \
        --server.port="$port" \
        --platte.embedded-postgres.port="$pg_port" \
        --platte.embedded-postgres.data-directory="$pgdata" \
        --platte.admin.password="$password" \
        --platte.seed.flatcar=false \
        "$@" >"$work/server.log" 2>&1 &
    server_pid=$!
    started=$(date +%s%N)
    until curl -sf "$base/actuator/health/readiness" >/dev/null; do
        kill -0 "$server_pid" 2>/dev/null || die "the server exited: $(tail -20 "$work/server.log")"
        (( $(date +%s%N) - started < 180000000000 )) || die "the server did not start within 180 s"
        sleep 0.5
    done
    startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))
}

# Stops the server gracefully (a minute at most, then hard), then our PostgreSQL, which a clean exit
# already stopped.
stop_server() {
    if [[ -n "${server_pid:-}" ]] && kill -0 "$server_pid" 2>/dev/null; then
        log "stopping the server (pid $server_pid)"
        kill "$server_pid"
        for _ in $(seq 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    stop_postgres
}

# Memory of our embedded PostgreSQL (the postmaster named in $pgdata and its children), in kB: the sum of
# their RSS (shared buffers counted once per process that touched them), the sum of their PSS (shared
# memory shared out), and how many processes.
postgres_memory_kb() {
    local pm p files=()
    pm=$(postmaster_pid)
    [[ -z "$pm" ]] || for p in $pm $(pgrep -P "$pm" || true); do files+=("/proc/$p/smaps_rollup"); done
    awk '/^Rss:/ { r += $2; n++ } /^Pss:/ { s += $2 } END { print r + 0, s + 0, n + 0 }' "${files[@]}" /dev/null 2>/dev/null
}
