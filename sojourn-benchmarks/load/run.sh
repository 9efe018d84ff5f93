#!/usr/bin/env bash
# Sojourn load benchmark: the example app under wrk, once per store, on loopback only.
#
# Build, then run (from the repository root):
#
#   mvn -q -B package -DskipTests -pl sojourn-example,sojourn-benchmarks -am && sojourn-benchmarks/load/run.sh
#
# For each store (memory, file, Redis, PostgreSQL) it starts the example app once
# (sojourn-example/target/sojourn-example.jar; this script builds nothing), warms it up, then runs
# wrk against /bare, /plain, /read and /write with many client sessions (session.lua: one cookie
# jar per client session, created by a first /write) and records requests/s, p99 latency, each
# route's throughput as a ratio to /bare measured by the same app process in the same round, Redis
# commands per request (INFO commandstats deltas, plus an exact MONITOR probe) and SQL statements
# per request (pg_stat_statements). Redis and PostgreSQL are throwaway servers started here on free
# loopback ports (redis-server with no persistence; initdb + pg_ctl in a temp directory) and
# stopped at the end, whatever happens. Results go to sojourn-benchmarks/target/load/<UTC time>/,
# and the generated section of docs/PERFORMANCE.md is replaced (WRITE_DOC=0 to leave it alone).
# Besides req/s and p99 it records the app's CPU time per request and how the machine's CPU was
# shared during each run (app / wrk / everything else), since on a shared machine other processes
# make req/s noisy.
# Exits non-zero when a step fails or a run returns wrong answers (non-200, lost sessions).
#
# Needs: java 17+, wrk, curl, redis-server + redis-cli (Redis), PostgreSQL 15 binaries (initdb,
# pg_ctl, createdb, psql; found through pg_ctl on PATH or PG_BIN). On Debian:
#   apt-get install -y wrk redis-server postgresql
#
# Settings (environment variables):
#   STORES          stores to run, default "memory file redis postgres"
#   DURATION        seconds per measured wrk run, default 10
#   WARMUP          seconds of warm-up per route before measuring (discarded), default 8
#   ROUNDS          measured rounds of the four routes per store, default 1; with more, each round
#                   starts one route later and the table shows medians
#   THREADS         wrk threads, default 2
#   CONNECTIONS     wrk connections = client sessions, default 64
#   PROBE_REQUESTS  sequential requests per route in the Redis MONITOR probe, default 20
#   APP_JAVA_OPTS   JVM options of the app, default "-Xms1g -Xmx1g"
#   APP_FLAGS       extra example-app flags, e.g. "--adapter jdk" or "--touch-after 0"
#   APP_CPUS        taskset CPU list for the app, WRK_CPUS for wrk (default: no pinning)
#   PROFILE=1       record a JFR profile of every measured run with jcmd: the JDK's "profile"
#                   settings, stacks sampled every JFR_PERIOD (default "1 ms")
#                   (RESULTS/jfr-<store>-<round>-<route>.jfr); summarise one with
#                   java -cp sojourn-benchmarks/target/sojourn-benchmarks.jar dev.sojourn.benchmarks.JfrTop FILE.jfr
#   PG_OPTS         extra postgres -c settings, e.g. "-c synchronous_commit=off"
#   RESULTS         results directory, DOC the markdown file to update, WRITE_DOC=0 to skip it
#   DOC_SECTION     which generated section of DOC to replace (default all-stores; a new name adds
#                   a section), DOC_TITLE its heading
#   JAR             the example app jar, default sojourn-example/target/sojourn-example.jar
#   REPORT_FROM=DIR render the report and the doc section again from a finished run's results
#                   directory, without running anything
#   TIME_LIMIT      seconds before the whole run is aborted, default 1200
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

# the settings a run was given that differ from the defaults, for the "rerun" line of the report
declare -A DEFAULTS=([STORES]="memory file redis postgres" [DURATION]=10 [WARMUP]=8 [ROUNDS]=1 [THREADS]=2
    [CONNECTIONS]=64 [APP_JAVA_OPTS]="-Xms1g -Xmx1g" [APP_FLAGS]="" [APP_CPUS]="" [WRK_CPUS]="" [PG_OPTS]=""
    [DOC_SECTION]=all-stores [DOC_TITLE]="every store")
STORES=${STORES:-"memory file redis postgres"}
ROUTES=(bare plain read write)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-8}
ROUNDS=${ROUNDS:-1}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
PROBE_REQUESTS=${PROBE_REQUESTS:-20}
APP_JAVA_OPTS=${APP_JAVA_OPTS:--Xms1g -Xmx1g}
APP_FLAGS=${APP_FLAGS:-}
APP_CPUS=${APP_CPUS:-}
WRK_CPUS=${WRK_CPUS:-}
PROFILE=${PROFILE:-0}
PG_OPTS=${PG_OPTS:-}
STARTED_AT=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=${RESULTS:-$ROOT/sojourn-benchmarks/target/load/$STARTED_AT}
DOC=${DOC:-$ROOT/docs/PERFORMANCE.md}
WRITE_DOC=${WRITE_DOC:-1}
DOC_SECTION=${DOC_SECTION:-all-stores}
DOC_TITLE=${DOC_TITLE:-every store}
TIME_LIMIT=${TIME_LIMIT:-1200}
JAR=${JAR:-$ROOT/sojourn-example/target/sojourn-example.jar}
SECRET=sojourn-load-benchmark-secret
MAX_AGE=3600000
COOKIE=connect.sid
RERUN_BUILD='mvn -q -B package -DskipTests -pl sojourn-example,sojourn-benchmarks -am'
RERUN="$RERUN_BUILD && sojourn-benchmarks/load/run.sh"

APP_PID= REDIS_PID= REDIS_PORT= PG_DIR= PG_PORT= MON_PID= WATCHDOG= FILE_DIR= WORK=
FAILED=0

log() { printf '[load %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---- cleanup: stop everything this script started ----

stop_pid() { # pid [seconds]
    local pid=$1 wait_s=${2:-15} i
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < wait_s * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

stop_app() { stop_pid "$APP_PID" 30; APP_PID=; }

stop_redis() {
    [ -n "$REDIS_PID" ] || return 0
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    stop_pid "$REDIS_PID" 10
    REDIS_PID=
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_postgres() {
    [ -n "$PG_DIR" ] || return 0
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
    [ -f "$PG_DIR/postgres.log" ] && cp "$PG_DIR/postgres.log" "$RESULTS/postgres.log" 2>/dev/null || true
    rm -rf "$PG_DIR"
    PG_DIR=
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_pid "$MON_PID" 5
    stop_app
    stop_redis
    stop_postgres
    [ -n "$FILE_DIR" ] && rm -rf "$FILE_DIR"
    [ -n "$WORK" ] && rm -rf "$WORK"
    if [ -n "$WATCHDOG" ]; then kill -TERM "$WATCHDOG" 2>/dev/null || true; wait "$WATCHDOG" 2>/dev/null || true; fi
    exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated (TIME_LIMIT=${TIME_LIMIT}s reached?)"; exit 124' TERM

# ---- checks ----

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed (${2:-see the header of this script})"; }
need java; need wrk "apt-get install -y wrk"; need curl; need awk; need ss; need timeout
if [ "$PROFILE" = 1 ]; then
    need jcmd
    JFC_PROFILE="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc"
    [ -f "$JFC_PROFILE" ] || die "PROFILE=1: $JFC_PROFILE not found"
fi
if [ -n "${REPORT_FROM:-}" ]; then
    # only render the report (and the doc section) again from a finished run's results directory
    [ -f "$REPORT_FROM/results.tsv" ] || die "REPORT_FROM=$REPORT_FROM holds no results.tsv"
    RESULTS=$REPORT_FROM
    # shellcheck disable=SC1091
    . "$RESULTS/settings.env"
    STORES=
fi
[ -n "${REPORT_FROM:-}" ] || [ -f "$JAR" ] || die "$JAR is missing; build first: $RERUN"
for store in $STORES; do
    case $store in
        memory | file) ;;
        redis) need redis-server "apt-get install -y redis-server"; need redis-cli "apt-get install -y redis-server" ;;
        postgres)
            if [ -z "${PG_BIN:-}" ]; then
                command -v pg_ctl >/dev/null 2>&1 || die "PostgreSQL binaries not found: put pg_ctl on PATH or set PG_BIN"
                PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
            fi
            for tool in initdb pg_ctl createdb psql; do [ -x "$PG_BIN/$tool" ] || die "$PG_BIN/$tool is missing"; done
            if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user for initdb"; fi
            ;;
        *) die "unknown store '$store' in STORES (memory, file, redis, postgres)" ;;
    esac
done
((CONNECTIONS % THREADS == 0)) || die "CONNECTIONS ($CONNECTIONS) must be a multiple of THREADS ($THREADS)"
JARS=$((CONNECTIONS / THREADS))

mkdir -p "$RESULTS"
WORK=$(mktemp -d /tmp/sojourn-load.XXXXXX)
if [ "$PROFILE" = 1 ]; then
    # the JDK's "profile" settings, sampling Java stacks every JFR_PERIOD instead of every 10 ms
    JFC="$WORK/sampling.jfc"
    awk -v period="${JFR_PERIOD:-1 ms}" '
        /<event name="jdk.(ExecutionSample|NativeMethodSample)">/ { inside = 1 }
        inside && /<setting name="period"/ { sub(/>[^<]*</, ">" period "<"); inside = 0 }
        { print }
    ' "$JFC_PROFILE" >"$JFC"
fi
(
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$TIME_LIMIT" & sleeper=$!
    wait "$sleeper"
    echo "[load] TIME_LIMIT of ${TIME_LIMIT}s reached; aborting" >&2
    kill -TERM $$
) &
WATCHDOG=$!

pin() { # cpu-list command...
    local cpus=$1; shift
    if [ -n "$cpus" ]; then taskset -c "$cpus" "$@"; else "$@"; fi
}

free_port() {
    local port i
    for ((i = 0; i < 100; i++)); do
        port=$((20000 + RANDOM % 40000))
        if [ -z "$(ss -Htln "sport = :$port" 2>/dev/null)" ]; then echo "$port"; return 0; fi
    done
    die "no free port found"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

CLK_TCK=$(getconf CLK_TCK)
# user + system CPU time the app's JVM has used so far, in clock ticks (all its threads: Jetty, GC, JIT)
app_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$APP_PID/stat"; }
# busy and total CPU ticks of the whole machine (all CPUs) so far
machine_ticks() { awk '$1 == "cpu" { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total; exit }' /proc/stat; }

# ---- backends ----

start_redis() {
    REDIS_PORT=$(free_port)
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --dir "$WORK" --logfile '' >"$RESULTS/redis.log" 2>&1 &
    REDIS_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
        [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && return 0
        kill -0 "$REDIS_PID" 2>/dev/null || die "redis-server exited; see $RESULTS/redis.log"
        sleep 0.1
    done
    die "redis-server did not answer PING on port $REDIS_PORT within 10 s"
}

psql_pg() { "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d sojourn -v ON_ERROR_STOP=1 "$@"; }

start_postgres() {
    PG_PORT=$(free_port)
    PG_DIR=$(mktemp -d /tmp/sojourn-load-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$RESULTS/initdb.log" 2>&1 \
        || die "initdb failed; see $RESULTS/initdb.log"
    # shellcheck disable=SC2086
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_utility=on $PG_OPTS" \
        start >"$RESULTS/pg_ctl.log" 2>&1 || die "pg_ctl start failed; see $RESULTS/pg_ctl.log and $PG_DIR/postgres.log"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres sojourn || die "createdb failed"
    psql_pg -c 'CREATE EXTENSION pg_stat_statements' || die "CREATE EXTENSION pg_stat_statements failed"
}

# ---- the app ----

APP_PORT=
start_app() { # store-name spec
    local name=$1 spec=$2 logf="$RESULTS/app-$1.log" i cmd
    # shellcheck disable=SC2206
    cmd=(java $APP_JAVA_OPTS)
    # shellcheck disable=SC2206
    cmd+=(-jar "$JAR" --port 0 --host 127.0.0.1 --store "$spec" --secret "$SECRET" --max-age "$MAX_AGE" $APP_FLAGS)
    [ -n "$APP_CPUS" ] && cmd=(taskset -c "$APP_CPUS" "${cmd[@]}")
    # started directly (not through a function or subshell), so that APP_PID is the JVM's own pid
    "${cmd[@]}" >"$logf" 2>&1 &
    APP_PID=$!
    APP_PORT=
    for ((i = 0; i < 600; i++)); do
        kill -0 "$APP_PID" 2>/dev/null || { tail -5 "$logf" >&2; APP_PID=; die "the example app exited at start-up with --store $spec (see $logf)"; }
        APP_PORT=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$logf" | head -1 | sed 's/.*://' || true)
        [ -n "$APP_PORT" ] && break
        sleep 0.1
    done
    [ -n "$APP_PORT" ] || die "the example app did not report its port within 60 s (see $logf)"
    [ "$(curl -fsS --max-time 10 "http://127.0.0.1:$APP_PORT/bare")" = ok ] || die "GET /bare did not answer ok"
    log "app up: store=$name pid=$APP_PID port=$APP_PORT"
}

# ---- measurements ----

# runs wrk; prints "requests rps p99_ms p50_ms new_sessions renewed misses non_200 socket_errors timeouts wrk_cpu_seconds"
run_wrk() { # route seconds outfile
    local route=$1 seconds=$2 out=$3
    local TIMEFORMAT='WRK_CPU %U %S' status=0
    # bash's time keyword reports wrk's CPU time (user, system) after its output
    { time pin "$WRK_CPUS" timeout --kill-after=5 $((seconds + 60)) wrk -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" \
        --timeout 5s --latency -s "$HERE/session.lua" "http://127.0.0.1:$APP_PORT/$route" -- "$COOKIE" "$JARS" >"$out" 2>&1; } \
        2>"$out.time" || status=$?
    cat "$out.time" >>"$out" && rm -f "$out.time"
    [ "$status" = 0 ] || die "wrk failed on /$route with status $status (see $out)"
    grep -q '^SOJOURN ' "$out" || die "wrk printed no summary for /$route (see $out)"
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v
        }
        $1 == "99%" && !p99 { p99 = ms($2) }
        $1 == "50%" && !p50 { p50 = ms($2) }
        /^SOJOURN / { for (i = 2; i <= NF; i++) { split($i, kv, "="); s[kv[1]] = kv[2] } }
        /^WRK_CPU / { wrk_cpu = $2 + $3 }
        END { printf "%d %.1f %.3f %.3f %d %d %d %d %d %d %.2f\n", s["requests"], s["rps"], p99, p50, s["new_sessions"], s["renewed"], s["misses"], s["non_200"], s["socket_errors"], s["timeouts"], wrk_cpu }
    ' "$out"
}

redis_stats() { redis-cli -p "$REDIS_PORT" INFO commandstats | tr -d '\r' | grep '^cmdstat_' || true; }

# prints "total evalsha breakdown" of the calls between two INFO commandstats snapshots, INFO excluded
redis_delta() { # before after
    awk -F'[:=,]' '
        FNR == NR { before[$1] = $3; next }
        {
            d = $3 - before[$1]; name = substr($1, 9)
            if (name == "info" || d <= 0) next
            total += d; list = list (list ? "," : "") name "=" d
            if (name == "evalsha" || name == "eval") evals += d
        }
        END { printf "%d %d %s\n", total, evals, (list ? list : "-") }
    ' "$1" "$2"
}

pg_statements() { psql_pg -Atc "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'"; }

# Exactly which commands one request sends: MONITOR while PROBE_REQUESTS sequential requests with one
# existing session run; appends "route client_per_request inner_per_request client_breakdown" to PROBES
redis_probe() { # route
    local route=$1 jar="$WORK/probe.jar" mon="$RESULTS/monitor-$1.txt" urls=() i
    rm -f "$jar"
    curl -fsS --max-time 10 -c "$jar" -b "$jar" "http://127.0.0.1:$APP_PORT/write" >/dev/null || die "probe: GET /write failed"
    redis-cli -p "$REDIS_PORT" monitor >"$mon" 2>&1 &
    MON_PID=$!
    sleep 0.5
    for ((i = 0; i < PROBE_REQUESTS; i++)); do urls+=("http://127.0.0.1:$APP_PORT/$route"); done
    curl -fsS --max-time 30 -c "$jar" -b "$jar" "${urls[@]}" >/dev/null || die "probe: GET /$route failed"
    sleep 0.5
    stop_pid "$MON_PID" 5
    MON_PID=
    awk -v n="$PROBE_REQUESTS" -v route="$route" '
        / \[[0-9]+ lua\] / { inner++; next }
        / \[[0-9]+ [0-9.:]+\] / { client++; c = tolower($4); gsub(/"/, "", c); by[c]++ }
        END { for (k in by) list = list (list ? "," : "") k "=" by[k] / n; printf "%s\t%.2f\t%.2f\t%s\n", route, client / n, inner / n, (list ? list : "-") }
    ' "$mon" >>"$PROBES"
}

# ---- machine and versions ----

machine_info() {
    local cpu mem
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    echo "- Machine: $(nproc) CPUs ($cpu), $mem RAM, $(uname -sr)"
    echo "- Java: $(java -version 2>&1 | head -2 | tail -1)"
    echo "- wrk: $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
    if command -v redis-server >/dev/null; then echo "- Redis: $(redis-server -v | awk '{ sub(/^v=/, "", $3); print $3 }')"; fi
    if [ -n "${PG_BIN:-}" ]; then echo "- PostgreSQL: $("$PG_BIN/postgres" --version)"; fi
    echo "- Sojourn: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ] && echo ' (with uncommitted changes)')"
}

# ---- main ----

log "results in $RESULTS"
if [ -z "${REPORT_FROM:-}" ]; then
RERUN_ENV=
for name in STORES DURATION WARMUP ROUNDS THREADS CONNECTIONS APP_JAVA_OPTS APP_FLAGS APP_CPUS WRK_CPUS PG_OPTS DOC_SECTION DOC_TITLE; do
    value=${!name}
    if [ "$value" != "${DEFAULTS[$name]}" ]; then RERUN_ENV+="$name=$(printf '%q' "$value") "; fi
done
RUN_DATE=$(date -u '+%Y-%m-%d %H:%M')
{
    for name in RERUN_ENV RUN_DATE DURATION WARMUP ROUNDS THREADS CONNECTIONS APP_JAVA_OPTS APP_FLAGS APP_CPUS WRK_CPUS MAX_AGE DOC_SECTION DOC_TITLE; do
        printf '%s=%q\n' "$name" "${!name}"
    done
} >"$RESULTS/settings.env"
{
    echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "stores=$STORES duration=$DURATION warmup=$WARMUP rounds=$ROUNDS threads=$THREADS connections=$CONNECTIONS"
    echo "app_java_opts=$APP_JAVA_OPTS app_flags=$APP_FLAGS app_cpus=$APP_CPUS wrk_cpus=$WRK_CPUS"
    echo "loadavg_start=$(loadavg)"
} >"$RESULTS/settings.txt"
MACHINE=$(machine_info)
echo "$MACHINE" >"$RESULTS/machine.md"

TSV="$RESULTS/results.tsv"
printf 'store\tround\troute\trequests\trps\tp99_ms\tp50_ms\tnew_sessions\trenewed\tmisses\tnon_200\tsocket_errors\ttimeouts\tbackend_calls\tbackend_evals\tbackend_breakdown\tapp_cpu_us_per_request\tapp_cpu_pct\twrk_cpu_pct\tother_cpu_pct\n' >"$TSV"
PROBES="$RESULTS/probes.tsv"
printf 'route\tclient_per_request\tinner_per_request\tclient_breakdown\n' >"$PROBES"
LOADS="$RESULTS/loadavg.tsv"
printf 'store\tstart\tend\n' >"$LOADS"
fi
TSV="$RESULTS/results.tsv" PROBES="$RESULTS/probes.tsv" LOADS="$RESULTS/loadavg.tsv"
MACHINE=$(cat "$RESULTS/machine.md")

for store in $STORES; do
    case $store in
        memory) spec=memory ;;
        file) FILE_DIR=$(mktemp -d /tmp/sojourn-load-files.XXXXXX); spec="file:$FILE_DIR" ;;
        redis) start_redis; spec="redis://127.0.0.1:$REDIS_PORT" ;;
        postgres) start_postgres; spec="jdbc:postgresql://127.0.0.1:$PG_PORT/sojourn?user=postgres" ;;
    esac
    load_start=$(loadavg)
    start_app "$store" "$spec"
    log "$store: warming up (${WARMUP}s per route)"
    for route in "${ROUTES[@]}"; do run_wrk "$route" "$WARMUP" "$RESULTS/warmup-$store-$route.txt" >/dev/null; done
    for ((round = 1; round <= ROUNDS; round++)); do
        # each round starts one route later (bare plain read write, plain read write bare, ...), so that
        # no route always runs first or last when the machine's load drifts
        order=()
        for ((i = 0; i < ${#ROUTES[@]}; i++)); do order+=("${ROUTES[(i + round - 1) % ${#ROUTES[@]}]}"); done
        for route in "${order[@]}"; do
            out="$RESULTS/wrk-$store-$round-$route.txt"
            calls=0 evals=0 breakdown=-
            case $store in
                redis) redis_stats >"$WORK/before" ;;
                postgres) pg_before=$(pg_statements) ;;
            esac
            if [ "$PROFILE" = 1 ]; then
                timeout 60 jcmd "$APP_PID" JFR.start name="$route" settings="$JFC" \
                    filename="$RESULTS/jfr-$store-$round-$route.jfr" >/dev/null || die "jcmd JFR.start failed"
            fi
            cpu_before=$(app_cpu_ticks)
            read -r busy_before total_before < <(machine_ticks)
            result=$(run_wrk "$route" "$DURATION" "$out")
            read -r busy_after total_after < <(machine_ticks)
            cpu_after=$(app_cpu_ticks)
            if [ "$PROFILE" = 1 ]; then
                timeout 60 jcmd "$APP_PID" JFR.stop name="$route" >/dev/null || die "jcmd JFR.stop failed"
            fi
            read -r requests rps p99 p50 creations renewed misses non200 sockerr timeouts wrk_cpu <<<"$result"
            # the requests in flight when wrk stopped are still served (and call the store): let them finish
            case $store in redis | postgres) sleep 1 ;; esac
            case $store in
                redis)
                    redis_stats >"$WORK/after"
                    result=$(redis_delta "$WORK/before" "$WORK/after")
                    read -r calls evals breakdown <<<"$result"
                    ;;
                postgres) pg_after=$(pg_statements); calls=$((pg_after - pg_before)) ;;
            esac
            cpu_us=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
            # shares of the machine's CPU capacity during the run: the app, wrk, and everything else
            # (the kernel's loopback work charged to no process, Redis/PostgreSQL, other users' processes)
            read -r app_pct wrk_pct other_pct < <(awk -v app=$((cpu_after - cpu_before)) -v busy=$((busy_after - busy_before)) \
                -v total=$((total_after - total_before)) -v wrk="$wrk_cpu" -v hz="$CLK_TCK" \
                'BEGIN { w = wrk * hz; o = busy - app - w; if (o < 0) o = 0; printf "%.0f %.0f %.0f\n", 100 * app / total, 100 * w / total, 100 * o / total }')
            printf '%s\t%d\t%s\t%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n' "$store" "$round" "$route" "$requests" "$rps" \
                "$p99" "$p50" "$creations" "$renewed" "$misses" "$non200" "$sockerr" "$timeouts" "$calls" "$evals" "$breakdown" "$cpu_us" \
                "$app_pct" "$wrk_pct" "$other_pct" >>"$TSV"
            log "$store round $round /$route: $rps req/s, p99 ${p99} ms, $requests requests, app CPU ${cpu_us} µs/request; CPU: app ${app_pct}%, wrk ${wrk_pct}%, other ${other_pct}%$( [ "$store" = redis ] && echo ", redis calls $calls ($breakdown)")$( [ "$store" = postgres ] && echo ", SQL statements $calls")"
            if ((renewed + misses + non200 > 0)); then
                log "WRONG ANSWERS on $store /$route: renewed=$renewed misses=$misses non_200=$non200 (see $out)"
                FAILED=1
            fi
            ((sockerr + timeouts == 0)) || log "warning: $store /$route: $sockerr socket errors, $timeouts timeouts (see $out)"
        done
    done
    if [ "$store" = redis ]; then
        for route in "${ROUTES[@]}"; do
            redis_probe "$route"
        done
        log "redis MONITOR probe: $(tail -n +2 "$PROBES" | tr '\t\n' ' ;')"
    fi
    stop_app
    printf '%s\t%s\t%s\n' "$store" "$load_start" "$(loadavg)" >>"$LOADS"
    case $store in
        file) rm -rf "$FILE_DIR"; FILE_DIR= ;;
        redis) stop_redis ;;
        postgres) stop_postgres ;;
    esac
done
[ -n "${REPORT_FROM:-}" ] || echo "loadavg_end=$(loadavg)" >>"$RESULTS/settings.txt"

# ---- report ----

# Per store and route: medians over rounds of req/s, p99, and of the ratio to /bare of the same round.
# Backend calls per request: over every round of the route, the calls divided by the requests served,
# that is the requests wrk completed plus the one request each connection had in flight when wrk
# stopped (served after wrk stopped counting; the snapshot is taken a second later), minus the
# session-creating first requests and their calls (their cost per creation is measured on /bare,
# which is outside the middleware, so every call during a /bare run comes from the creations).
report() {
    awk -F'\t' -v probes="$PROBES" -v loads="$LOADS" -v conns="$CONNECTIONS" '
        function median(list,    n, a, i, j, t) {
            n = split(list, a, " ")
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        BEGIN {
            while ((getline line < probes) > 0) { split(line, f, "\t"); if (f[1] != "route") { pc[f[1]] = f[2]; pi[f[1]] = f[3]; pb[f[1]] = f[4] } }
            while ((getline line < loads) > 0) { split(line, f, "\t"); if (f[1] != "store") { ls[f[1]] = f[2]; le[f[1]] = f[3] } }
        }
        NR == 1 { next }
        {
            s = $1; r = $3; key = s SUBSEP r
            if (!(s in seen)) { seen[s] = 1; order[++ns] = s }
            rps[key] = rps[key] " " $5; p99[key] = p99[key] " " $6; cpu[key] = cpu[key] " " $17
            shapp[key] = shapp[key] " " $18; shwrk[key] = shwrk[key] " " $19; shother[key] = shother[key] " " $20
            bare[s SUBSEP $2] = (r == "bare") ? $5 : bare[s SUBSEP $2]
            row[++nr] = $0
            req[key] += $4; cre[key] += $8; calls[key] += $14; evals[key] += $15; bd[key] = $16; rounds[key]++
        }
        END {
            for (i = 1; i <= nr; i++) { split(row[i], f, "\t"); k = f[1] SUBSEP f[3]; ratio[k] = ratio[k] " " (f[5] / bare[f[1] SUBSEP f[2]]) }
            routes = "bare plain read write"; nroutes = split(routes, R, " ")
            for (x = 1; x <= ns; x++) {
                s = order[x]
                kb = s SUBSEP "bare"; per_creation = cre[kb] ? calls[kb] / cre[kb] : 0
                printf "\n#### Store: %s\n\nLoad average (1, 5, 15 min) at start: %s; at end: %s.\n\n", s, ls[s], le[s]
                if (s == "redis") {
                    print "| route | req/s | p99 (ms) | ratio to /bare | app CPU µs/req | CPU % app/wrk/other | Redis calls/req (INFO commandstats) | client commands/req | of which EVALSHA | script-inner calls/req | MONITOR probe: client / script-inner per req |"
                    print "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|"
                } else if (s == "postgres") {
                    print "| route | req/s | p99 (ms) | ratio to /bare | app CPU µs/req | CPU % app/wrk/other | SQL statements/req (pg_stat_statements) |"
                    print "|---|---:|---:|---:|---:|---|---:|"
                } else {
                    print "| route | req/s | p99 (ms) | ratio to /bare | app CPU µs/req | CPU % app/wrk/other |"
                    print "|---|---:|---:|---:|---:|---|"
                }
                for (y = 1; y <= nroutes; y++) {
                    r = R[y]; k = s SUBSEP r
                    if (!(k in rps)) continue
                    sh = sprintf("%.0f/%.0f/%.0f", median(shapp[k]), median(shwrk[k]), median(shother[k]))
                    line = sprintf("| /%s | %.0f | %.2f | %.3f | %.1f | %s |", r, median(rps[k]), median(p99[k]), median(ratio[k]), median(cpu[k]), sh)
                    if (rounds[k] > 1 && r != "bare") {
                        rr = ratio[k]; gsub(/^ /, "", rr); nrr = split(rr, rra, " "); rl = ""
                        for (z = 1; z <= nrr; z++) rl = rl (z > 1 ? " " : "") sprintf("%.2f", rra[z])
                        allratios[s] = allratios[s] sprintf("/%s: %s; ", r, rl)
                    }
                    n = req[k] - cre[k] + conns * rounds[k]; net = calls[k] - per_creation * cre[k]
                    if (s == "redis") {
                        inner_per_eval = 0
                        split(pb[r], pbs, ","); pev = 0
                        for (z in pbs) { split(pbs[z], kv, "="); if (kv[1] == "evalsha" || kv[1] == "eval") pev += kv[2] }
                        if (pev > 0) inner_per_eval = pi[r] / pev
                        inner = evals[k] * inner_per_eval
                        line = line sprintf(" %.3f | %.3f | %.3f | %.3f | %s / %s (%s) |", net / n, (net - inner) / n, evals[k] / n, inner / n, pc[r], pi[r], pb[r])
                    } else if (s == "postgres") {
                        line = line sprintf(" %.3f |", net / n)
                    }
                    print line
                }
                if (allratios[s] != "")
                    printf "\nRatio to /bare in each round: %s\n", allratios[s]
                if (s == "redis" || s == "postgres")
                    printf "\nBackend work of the %d session-creating first requests of each run (%.2f per creation, measured on /bare) is excluded.\n", cre[kb], per_creation
            }
        }
    ' "$TSV"
}

TABLES=$(report)
SECTION="$RESULTS/section.md"
{
    echo "<!-- BEGIN load-results $DOC_SECTION: generated by sojourn-benchmarks/load/run.sh; do not edit by hand -->"
    echo "### Load benchmark: $DOC_TITLE ($RUN_DATE UTC)"
    echo
    echo "Rerun (from the repository root): \`$RERUN_BUILD && ${RERUN_ENV}sojourn-benchmarks/load/run.sh\`"
    echo
    echo "Settings: wrk \`-t $THREADS -c $CONNECTIONS -d ${DURATION}s --latency\`, $CONNECTIONS client sessions (cookie jars), ${WARMUP}s warm-up per route, $ROUNDS measured round(s) (medians), loopback; app \`java $APP_JAVA_OPTS -jar sojourn-example.jar --store … --max-age $MAX_AGE${APP_FLAGS:+ $APP_FLAGS}\`${APP_CPUS:+ pinned to CPUs $APP_CPUS}${WRK_CPUS:+, wrk pinned to CPUs $WRK_CPUS}. Raw output: \`${RESULTS#"$ROOT"/}\`."
    echo
    echo "$MACHINE"
    echo "$TABLES"
    echo
    echo "<!-- END load-results $DOC_SECTION -->"
} >"$SECTION"
cat "$SECTION"

if ((FAILED)); then
    die "some runs returned wrong answers (non-200, lost sessions); $DOC not updated"
fi
if [ "$WRITE_DOC" = 1 ]; then
    if [ -f "$DOC" ] && grep -q "^<!-- BEGIN load-results $DOC_SECTION:" "$DOC"; then
        awk -v section="$SECTION" -v begin="<!-- BEGIN load-results $DOC_SECTION:" -v end="<!-- END load-results $DOC_SECTION -->" '
            index($0, begin) == 1 { while ((getline l < section) > 0) print l; skip = 1; next }
            skip && index($0, end) == 1 { skip = 0; next }
            !skip { print }
        ' "$DOC" >"$WORK/doc.md"
        cat "$WORK/doc.md" >"$DOC"
    else
        { [ -f "$DOC" ] && cat "$DOC" && echo; cat "$SECTION"; } >"$WORK/doc.md"
        mkdir -p "$(dirname "$DOC")"
        cat "$WORK/doc.md" >"$DOC"
    fi
    log "updated $DOC"
fi
log "done"
