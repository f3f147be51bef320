#!/usr/bin/env bash
# Hostile traffic against the built jar (issue 11): starts it as its own process on a fresh embedded
# PostgreSQL (as bench/fleet-benchmark.sh does), seeds an application through the API, then sends each
# hostile shape to 127.0.0.1 and prints per shape the HTTP statuses, heap retained after a full GC
# (before -> after), log bytes and rows created, also per 1,000 requests. Default limits throughout:
# the driver connects from 127.0.0.1, which is not exempt from the registration limit here.
#
#   bench/abuse.sh [--no-build]
#
# Environment: ABUSE_JAVA_OPTS (heap flags, default -Xmx256m -XX:+UseSerialGC), ABUSE_PORT / ABUSE_PG_PORT
# (first ports tried, 18580 / 15582), JAVA_HOME. Logs go to target/abuse/; the table to target/benchmark/abuse.txt.
set -euo pipefail
shopt -s inherit_errexit

build=true
if [[ "${1:-}" == "--no-build" ]]; then
    build=false
fi
java_opts=${ABUSE_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
export ABUSE_PASSWORD=abuse-password

cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/abuse
out=$root/target/benchmark/abuse.txt
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
export PATH=${JAVA_HOME:+$JAVA_HOME/bin:}$PATH

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

for tool in psql curl python3 jcmd jstat; do
    command -v "$tool" >/dev/null || die "$tool is needed (psql: apt-get install postgresql-client)"
done

application_jar "$build"

port=$(free_port "${ABUSE_PORT:-18580}")
pg_port=$(free_port "${ABUSE_PG_PORT:-15582}")
base=http://127.0.0.1:$port
pgdata=$work/postgres
server_pid=""

stop_postgres
rm -rf "$work"
mkdir -p "$work" "$(dirname "$out")"
trap stop_server EXIT
trap 'exit 130' INT TERM

log "starting $jar on port $port (PostgreSQL on $pg_port): $java_opts"
start_server "$ABUSE_PASSWORD"
log "server up; sending hostile traffic"

python3 bench/abuse.py "$port" "$server_pid" "$work/server.log" \
    psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres | tee "$out"
log "written to $out"
