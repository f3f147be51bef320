#!/usr/bin/env bash
# Writes Platte's ahead-of-time cache (JDK 25: JEP 483 class loading and linking, JEP 514 one-step
# creation, JEP 515 method profiles) with a training run: starts an extracted Platte jar on a throwaway
# embedded PostgreSQL (a first start: migrations, seed), has it answer update checks, the sign-in page and
# the health probes, stops it gracefully; the JVM writes the cache as it exits.
#
#   aot-cache.sh <extracted application jar> <cache file> [java flags...]
#
# The cache only serves a JVM started with the same JDK, the same jar with the same lib/ next to it (what
# `java -Djarmode=tools -jar platte.jar extract` writes), and -XX:AOTCache=<cache file>; a JVM that finds
# it stale says so in a warning and starts without it. Used by the Dockerfile and `./mvnw -Paot-cache package`.
# Needs bash and java only (the JRE image has no curl): HTTP through bash's /dev/tcp.
set -euo pipefail
export LC_ALL=C

jar=$1 cache=$2
shift 2
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d)
pid=""
cleanup() {
    [[ -z "$pid" ]] || kill -9 "$pid" 2>/dev/null || true
    # A training run that failed may leave its PostgreSQL behind.
    [[ ! -f "$work/postgres/postmaster.pid" ]] || kill -INT "$(head -1 "$work/postgres/postmaster.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# java.io.tmpdir in the work directory: PostgreSQL's unpacked binaries go with it (no leftovers in an image layer).
"$java" "$@" -XX:AOTCacheOutput="$cache" -Djava.io.tmpdir="$work" -jar "$jar" \
    --server.port=0 \
    --platte.embedded-postgres.data-directory="$work/postgres" \
    --platte.admin.password="training-$RANDOM$RANDOM" \
    >"$work/training.log" 2>&1 &
pid=$!

fail() {
    echo "aot-cache: $*" >&2
    tail -40 "$work/training.log" >&2
    exit 1
}
# One HTTP/1.1 request with Connection: close; prints the whole answer (status line, headers, body).
http() {
    local method=$1 path=$2 body=${3:-}
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf '%s %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
        "$method" "$path" "${#body}" "$body" >&3
    cat <&3
    exec 3<&-
}
check() { # an update_engine check from machine $1: registration on the first, the quick path after
    http POST /v1/update/ "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<request protocol=\"3.0\" version=\"update_engine-0.4.10\" updaterversion=\"update_engine-0.4.10\" installsource=\"scheduler\" ismachine=\"1\"><os version=\"Chateau\" platform=\"CoreOS\" sp=\"3033.2.0_x86_64\"></os><app appid=\"{e96281a6-d1af-4bde-9a0a-97b76e56dc57}\" version=\"3033.2.0\" track=\"stable\" bootid=\"{00000000-0000-4000-8000-000000000001}\" oem=\"qemu\" oemversion=\"0.1\" alephversion=\"3033.2.0\" machineid=\"$(printf %032x "$1")\" machinealias=\"\" lang=\"en-US\" board=\"amd64-usr\" hardware_class=\"\" delta_okay=\"false\"><ping active=\"1\"></ping><updatecheck></updatecheck><event eventtype=\"3\" eventresult=\"2\" previousversion=\"\"></event></app></request>"
}

port=""
for _ in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || fail "the training run exited before answering"
    port=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$work/training.log" | head -1)
    # The Flatcar application is seeded just after Tomcat starts: until then a check is an unknown application.
    [[ -n "$port" ]] && check 1 2>/dev/null | grep -q '<updatecheck status=' && break
    sleep 0.5
done
check 1 | grep -q '<updatecheck status=' || fail "no update check answered within 300 s"
for machine in $(seq 2 50); do check "$machine" >/dev/null; check "$machine" >/dev/null; done
http GET /login >/dev/null
http GET /actuator/health/readiness >/dev/null
http GET /actuator/health/liveness >/dev/null

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
# 143: stopped by SIGTERM, as asked.
[[ $status -eq 0 || $status -eq 143 ]] || fail "the training run ended with status $status"
[[ -s "$cache" ]] || fail "no cache written to $cache"
echo "aot-cache: wrote $cache ($(du -h "$cache" | cut -f1))"
