#!/usr/bin/env bash
# Times N sequential HTTP Basic API reads (curl -u admin:…, GET /api/v1/apps) against a jar started on a fresh
# embedded PostgreSQL, and the server CPU they cost. Usage: bench/basic-auth.sh [jar] [requests] [-- server flags]
# 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

jar=${1:-$(ls target/platte-*.jar 2>/dev/null | grep -v -- '-plain' | head -1)}
requests=${2:-200}
shift $(( $# > 2 ? 2 : $# ))
[[ "${1:-}" == "--" ]] && shift
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
password=bench-basic-$RANDOM$RANDOM
work=$(mktemp -d /tmp/platte-basic-auth.XXXXXX)
pgdata=$work/postgres
port=$(free_port 18580)
pg_port=$(free_port 15582)
base=http://127.0.0.1:$port

server_pid=""
stop_everything() {
    stop_server
    rm -rf "$work"
}
trap stop_everything EXIT

start_server "$password" --logging.level.root=WARN "$@"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
# Warm-up: JIT, connection pool, first bcrypt.
for _ in $(seq 50); do curl -sf -o /dev/null -u "admin:$password" "$base/api/v1/apps"; done

ticks_before=$(cpu_ticks)
started=$(date +%s%N)
: >"$work/times"
for _ in $(seq "$requests"); do
    curl -sf -o /dev/null -w '%{time_total}\n' -u "admin:$password" "$base/api/v1/apps" >>"$work/times"
done
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
cpu_ms=$(( ($(cpu_ticks) - ticks_before) * 1000 / $(getconf CLK_TCK) ))
sort -n "$work/times" | awk -v n="$requests" -v total="$elapsed_ms" -v cpu="$cpu_ms" -v jar="$jar" '
    { t[NR] = $1 * 1000 }
    END { printf "%s: %d requests in %d ms (%.1f ms each); median %.1f ms, p95 %.1f ms; server CPU %d ms (%.1f ms per request)\n",
              jar, n, total, total / n, t[int(n / 2)], t[int(n * 0.95)], cpu, cpu / n }'
