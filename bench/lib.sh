# Shared by the bench scripts (sourced): logging, free ports, and stopping the embedded PostgreSQL the
# script started. Expects $pgdata to name that PostgreSQL's data directory.

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
