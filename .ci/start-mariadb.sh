#!/usr/bin/env bash
# Starts a private MariaDB server for sojourn-jdbc's tests and writes its JDBC URL to an env file.
#
#   .ci/start-mariadb.sh          install mariadb-server if missing (needs root and apt), start a server
#                                 on a free 127.0.0.1 port with a fresh data directory, create database
#                                 sojourn_test and user sojourn, write /tmp/sojourn-mariadb.env:
#                                   SOJOURN_TEST_MARIADB_URL='jdbc:mariadb://127.0.0.1:PORT/sojourn_test?user=sojourn&password=…'
#                                 Reuses the server of an earlier run while it still answers.
#   .ci/start-mariadb.sh --stop   stops that server and deletes its data directory and env file.
#
# The MariaDB tests read SOJOURN_TEST_MARIADB_URL from the environment or, failing that, from the env file;
# without either they start their own mariadbd from the installed binaries, and fail if there are none.
# Overridable: SOJOURN_MARIADB_DIR (default /tmp/sojourn-mariadb), SOJOURN_MARIADB_ENV_FILE.
set -euo pipefail

BASE=${SOJOURN_MARIADB_DIR:-/tmp/sojourn-mariadb}
ENV_FILE=${SOJOURN_MARIADB_ENV_FILE:-/tmp/sojourn-mariadb.env}
DATABASE=sojourn_test
DB_USER=sojourn
VARIABLE=SOJOURN_TEST_MARIADB_URL

log() { printf 'start-mariadb: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

find_binary() {
  local name dir
  for name in "$@"; do
    for dir in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
      if [ -x "$dir/$name" ]; then printf '%s\n' "$dir/$name"; return 0; fi
    done
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  done
  return 1
}

server_pid() {
  [ -f "$BASE/mysqld.pid" ] || return 1
  local pid
  pid=$(cat "$BASE/mysqld.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s\n' "$pid"
}

stop_server() {
  local pid
  if pid=$(server_pid); then
    log "stopping mariadbd (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$BASE" "$ENV_FILE"
}

if [ "${1:-}" = "--stop" ]; then
  stop_server
  exit 0
fi
[ $# -eq 0 ] || die "usage: $0 [--stop]"

# ---- reuse a running server ----
if [ -f "$ENV_FILE" ] && [ -f "$BASE/connection" ] && server_pid >/dev/null; then
  # shellcheck disable=SC1090
  . "$BASE/connection"
  if "$CLIENT" --no-defaults --protocol=TCP -h127.0.0.1 -P"$PORT" -u"$DB_USER" -p"$PASSWORD" "$DATABASE" \
      -e 'SELECT 1' >/dev/null 2>&1; then
    log "reusing the server on port $PORT"
    cat "$ENV_FILE"
    exit 0
  fi
fi
stop_server

# ---- install ----
if ! find_binary mariadbd mysqld >/dev/null || ! find_binary mariadb-install-db mysql_install_db >/dev/null \
    || ! find_binary mariadb mysql >/dev/null; then
  [ "$(id -u)" -eq 0 ] || die "mariadb-server is not installed and installing it needs root (apt-get install mariadb-server)"
  command -v apt-get >/dev/null || die "mariadb-server is not installed and there is no apt-get to install it"
  log "installing mariadb-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends mariadb-server mariadb-client >/dev/null
fi
SERVER=$(find_binary mariadbd mysqld) || die "no mariadbd after installing mariadb-server"
INSTALL_DB=$(find_binary mariadb-install-db mysql_install_db) || die "no mariadb-install-db after installing mariadb-server"
CLIENT=$(find_binary mariadb mysql) || die "no mariadb client after installing mariadb-client"

USER_ARGS=()
if [ "$(id -u)" -eq 0 ]; then USER_ARGS=(--user=root); fi

# ---- a fresh data directory ----
mkdir -p "$BASE"
log "initialising $BASE/data"
"$INSTALL_DB" --no-defaults --datadir="$BASE/data" --auth-root-authentication-method=normal --skip-test-db \
  ${USER_ARGS[@]+"${USER_ARGS[@]}"} >"$BASE/install.log" 2>&1 || { cat "$BASE/install.log" >&2; die "mariadb-install-db failed"; }

PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
cat >"$BASE/init.sql" <<SQL
CREATE DATABASE IF NOT EXISTS $DATABASE CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '$DB_USER'@'%' IDENTIFIED BY '$PASSWORD';
GRANT ALL PRIVILEGES ON $DATABASE.* TO '$DB_USER'@'%';
SQL

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then printf '%s\n' "$port"; return; fi
  done
  die "found no free port"
}

# ---- start, on another port if the chosen one was taken meanwhile ----
for attempt in 1 2 3; do
  PORT=$(free_port)
  log "starting $SERVER on 127.0.0.1:$PORT"
  rm -f "$BASE/mysqld.pid"
  setsid "$SERVER" --no-defaults --datadir="$BASE/data" --port="$PORT" --bind-address=127.0.0.1 \
    --socket="$BASE/mysqld.sock" --pid-file="$BASE/mysqld.pid" --log-error="$BASE/error.log" \
    --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 \
    --max-connections=200 --init-file="$BASE/init.sql" ${USER_ARGS[@]+"${USER_ARGS[@]}"} </dev/null >"$BASE/console.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if "$CLIENT" --no-defaults --protocol=TCP -h127.0.0.1 -P"$PORT" -u"$DB_USER" -p"$PASSWORD" "$DATABASE" \
        -e 'SELECT 1' >/dev/null 2>&1; then
      URL="jdbc:mariadb://127.0.0.1:$PORT/$DATABASE?user=$DB_USER&password=$PASSWORD"
      printf "CLIENT='%s'\nPORT='%s'\nPASSWORD='%s'\n" "$CLIENT" "$PORT" "$PASSWORD" >"$BASE/connection"
      printf "%s='%s'\n" "$VARIABLE" "$URL" >"$ENV_FILE"
      log "ready; wrote $ENV_FILE (stop with: $0 --stop)"
      cat "$ENV_FILE"
      exit 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -9 "$SERVER_PID" 2>/dev/null || true
    tail -n 30 "$BASE/error.log" >&2 || true
    die "mariadbd did not answer within 60 s"
  fi
  log "mariadbd exited (attempt $attempt); its error log:"
  tail -n 15 "$BASE/error.log" >&2 || true
done
die "could not start mariadbd"
