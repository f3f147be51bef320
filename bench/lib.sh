# Shared by the bench scripts (sourced): logging, free ports, starting the built jar, and stopping it and the
# embedded PostgreSQL the script started. Expects $pgdata to name that PostgreSQL's data directory.

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

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
# $startup_ms once /actuator/health/readiness answers (the server must be up within BENCH_START_SECONDS, 180).
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
        (( $(date +%s%N) - started < ${BENCH_START_SECONDS:-180} * 1000000000 )) || die "the server did not start within ${BENCH_START_SECONDS:-180} s"
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
