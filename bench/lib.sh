# Shared by the bench scripts (sourced): logging, free ports, starting the built jar, and stopping it and the
# embedded PostgreSQL the script started. Expects $pgdata to name that PostgreSQL's data directory.

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The jar to run: $BENCH_JAR if set, else the one in target/, built first when $1 is true; sets $jar.
application_jar() {
    if [[ -n "${BENCH_JAR:-}" ]]; then
        jar=$BENCH_JAR
    else
        [[ "$1" != true ]] || { log "building the jar"; ./mvnw -q -B -DskipTests package >&2; }
        jar=$(ls target/platte-*.jar 2>/dev/null | grep -v -- '-plain' | head -1)
    fi
    [[ -n "$jar" && -f "$jar" ]] || die "no jar to run: build it (drop --no-build) or set BENCH_JAR"
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
        (( $(date +%s%N) - started < ${BENCH_START_SECONDS:-180} * 1000000000 )) \
            || die "the server did not start within ${BENCH_START_SECONDS:-180} s"
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

# --- shared by the dashboard benchmark (the fleet and abuse benchmarks have their own copies of some) -------

# Thousands separators whatever the locale.
num() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; }

install_if_missing() {
    command -v "$1" >/dev/null || install_package "$2"
}

install_package() {
    local sudo=""
    log "installing $1"
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$1" >/dev/null
}

psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres "$@"; }

# METHOD PATH [JSON]: the admin API with $token.
api() {
    local method=$1 path=$2 body=${3:-}
    curl -sf -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        "$base/api/v1$path" ${body:+-d "$body"} || die "$method $path failed"
}

# PASSWORD NAME: a new admin API token's secret, made with the bootstrap admin's password.
api_token() {
    local secret
    secret=$(curl -sf -u "admin:$1" -H 'Content-Type: application/json' "$base/api/v1/tokens" \
        -d "{\"name\":\"$2\",\"role\":\"admin\"}" | jq -r .secret)
    [[ "$secret" == platte_* ]] || die "could not create an API token"
    echo "$secret"
}

# APP NAME [POLICY]: through the API, as an operator would: the application, packages 1000.0.0 and 1001.0.0,
# channel "load" promoted from the first to the second, and group "Load" following it, with the rollout policy
# POLICY (JSON; by default 100 grants a minute, none if empty). Prints the group's id (call it in $(...)); the
# channel is the group's channelId.
bench_catalog() {
    local app=$1 name=$2 policy=${3-'{"maxUpdatesPerPeriod":100,"updatePeriod":"PT1M"}'} old new channel
    api POST /apps "{\"id\":\"$app\",\"name\":\"$name\",\"description\":\"benchmark\"}" >/dev/null
    bench_package() {
        api POST "/apps/$app/packages" "{\"version\":\"$1\",\"arch\":\"amd64\",\"type\":\"flatcar\",
            \"codebaseUrl\":\"https://example.com/$1/\",\"fileName\":\"update.gz\",\"size\":1000,
            \"sha1\":\"I6DGNAOrJRUxPbCuLw+AITfiVMo=\",\"sha256\":\"stLG3U/o4Ar8TMHFwT/RWB0iNkaWOO6QtLrq6+AHBbA=\"}" | jq -r .id
    }
    old=$(bench_package 1000.0.0)
    new=$(bench_package 1001.0.0)
    channel=$(api POST "/apps/$app/channels" "{\"name\":\"load\",\"arch\":\"amd64\",\"packageId\":\"$old\"}" | jq -r .id)
    api POST "/apps/$app/groups" \
        "{\"name\":\"Load\",\"track\":\"load\",\"channelId\":\"$channel\"${policy:+,\"policy\":$policy}}" | jq -r .id
    api PUT "/apps/$app/channels/$channel/package" "{\"packageId\":\"$new\"}" >/dev/null
}

# APP INSTANCES GROUP: the fleet of bench/seed.sql for the group, the nodes behind (every tenth, on 1000.0.0)
# granted 1001.0.0 a minute ago, as during a rollout: their progress events move them along (an error stops them).
behind_fleet() {
    log "pre-loading $2 instances"
    psql_ -v instances="$2" -v app="$1" -v group="$3" -f bench/seed.sql
    psql_ -c "UPDATE instance_app_state SET status = 'granted', hold_reason = NULL, update_in_progress = true,
                  last_granted_version = '1001.0.0', last_granted_at = now() - interval '1 minute'
              WHERE version = '1000.0.0'" -c "VACUUM ANALYZE"
}

# PASSWORD COOKIE_JAR: signs in as admin with the login form, as a browser does (CSRF token, session cookie).
sign_in() {
    local password=$1 jar=$2 csrf login
    curl -sf -c "$jar" -b "$jar" "$base/login" -o "$jar.html"
    csrf=$(grep -o 'name="_csrf"[^>]*value="[^"]*"' "$jar.html" | sed 's/.*value="//; s/"$//')
    [[ -n "$csrf" ]] || die "no CSRF token on the login page"
    login=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
        --data-urlencode "username=admin" --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" \
        "$base/login")
    [[ "$login" == "302 "* && "$login" != *error* ]] || die "sign-in failed: $login"
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
