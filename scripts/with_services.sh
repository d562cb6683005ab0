#!/usr/bin/env bash
# Run a command with throwaway PostgreSQL 15 and Redis instances.
#
# Usage: scripts/with_services.sh CMD [ARGS...]
#
# Starts postgres and redis on free loopback ports inside a temp dir, exports
#   DATABASE_URL=postgres://crag:crag@127.0.0.1:PGPORT/crag       (the role that owns the tables)
#   DATABASE_APP_URL=postgres://crag_app:crag_app@127.0.0.1:PGPORT/crag   (the application's role)
#   CELERY_BROKER_URL=redis://127.0.0.1:REDISPORT/0
#   REDIS_URL=redis://127.0.0.1:REDISPORT/1
# runs CMD, then stops both services and removes the temp dir whatever the
# outcome. Exits with CMD's exit status (128+N if killed by signal N).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PROG=with_services

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

# --- 1. dependencies --------------------------------------------------------
missing=()
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    missing+=(redis-server)
fi
if [ ! -x /usr/bin/chromium ]; then
    missing+=(chromium)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        die "missing packages: ${missing[*]}; not root, so cannot apt-get install them (run: sudo apt-get install -y ${missing[*]})"
    fi
    log "installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y "${missing[@]}" >&2
    command -v redis-server >/dev/null 2>&1 || die "redis-server still missing after install"
    command -v redis-cli >/dev/null 2>&1 || die "redis-cli still missing after install"
fi
for b in initdb pg_ctl postgres; do
    [ -x "$PG_BIN/$b" ] || die "$PG_BIN/$b not found (PostgreSQL 15 server not installed?)"
done
for b in psql pg_isready python3; do
    command -v "$b" >/dev/null 2>&1 || die "$b not found in PATH"
done

# Postgres refuses to run as root: run server binaries as the postgres user
# when we are root, otherwise as ourselves.
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "OS user 'postgres' does not exist"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

# --- cleanup (installed before anything is started) -------------------------
TMP_ROOT=""
PGDATA=""
PG_STARTED=0
REDIS_PID=""
CHILD_PID=""
CLEANED=0

cleanup() {
    set +e
    [ "$CLEANED" -eq 1 ] && return 0
    CLEANED=1
    local stopped=0
    if [ -n "$CHILD_PID" ] && kill -0 "$CHILD_PID" 2>/dev/null; then
        kill -TERM "$CHILD_PID" 2>/dev/null
        wait_gone "$CHILD_PID" 10 || kill -KILL "$CHILD_PID" 2>/dev/null
        wait "$CHILD_PID" 2>/dev/null
    fi
    if [ "$PG_STARTED" -eq 1 ] && [ -n "$PGDATA" ]; then
        local pm_pid=""
        [ -f "$PGDATA/postmaster.pid" ] && pm_pid=$(head -n1 "$PGDATA/postmaster.pid" 2>/dev/null)
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" stop -m fast -w -t 30 >/dev/null 2>&1
        # postmaster.pid is removed just before the postmaster exits: give it a moment.
        if [ -n "$pm_pid" ] && ! wait_gone "$pm_pid" 10; then
            log "postgres did not stop cleanly; sending SIGQUIT/SIGKILL"
            kill -QUIT "$pm_pid" 2>/dev/null
            wait_gone "$pm_pid" 5 || kill -KILL "$pm_pid" 2>/dev/null
            wait_gone "$pm_pid" 5
        fi
        stopped=1
    fi
    if [ -n "$REDIS_PID" ]; then
        if kill -0 "$REDIS_PID" 2>/dev/null; then
            kill -TERM "$REDIS_PID" 2>/dev/null
            wait_gone "$REDIS_PID" 10 || kill -KILL "$REDIS_PID" 2>/dev/null
        fi
        wait "$REDIS_PID" 2>/dev/null
        stopped=1
    fi
    if [ -n "$TMP_ROOT" ] && [ -d "$TMP_ROOT" ]; then
        rm -rf -- "$TMP_ROOT"
    fi
    [ "$stopped" -eq 1 ] && log "services stopped, temp dir removed"
    return 0
}

# alive PID: true if PID exists and is not a zombie.
alive() {
    local st
    st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [ -n "$st" ] && [ "${st#Z}" = "$st" ]
}

# wait_gone PID SECONDS: poll until PID is gone; non-zero if it is still alive.
wait_gone() {
    local pid=$1 n=$(($2 * 10))
    while [ "$n" -gt 0 ]; do
        alive "$pid" || return 0
        sleep 0.1
        n=$((n - 1))
    done
    ! alive "$pid"
}

on_signal() {
    local sig=$1 code=$2
    trap '' INT TERM HUP
    log "caught SIG$sig, cleaning up"
    if [ -n "$CHILD_PID" ] && alive "$CHILD_PID"; then
        # On Ctrl-C the terminal already sent SIGINT to the child (same process
        # group): give it a moment to exit by itself before forwarding, so it
        # does not get interrupted twice.
        if [ "$sig" != INT ] || ! wait_gone "$CHILD_PID" 3; then
            kill -"$sig" "$CHILD_PID" 2>/dev/null || true
            wait_gone "$CHILD_PID" 10 || kill -KILL "$CHILD_PID" 2>/dev/null || true
        fi
    fi
    cleanup
    trap - EXIT
    exit "$code"
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

# --- 2. temp dir and ports --------------------------------------------------
TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/with_services.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$TMP_ROOT"
fi
chmod 0755 "$TMP_ROOT"
PGDATA="$TMP_ROOT/pgdata"
REDIS_DIR="$TMP_ROOT/redis"
mkdir -p "$REDIS_DIR"

# Bind both sockets at once so the two ports are distinct.
read -r PGPORT REDISPORT < <(python3 - <<'EOF'
import socket
socks = []
for _ in range(2):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
EOF
)
[ -n "${PGPORT:-}" ] && [ -n "${REDISPORT:-}" ] || die "could not pick free ports"

# --- 3. postgres ------------------------------------------------------------
if ! as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$TMP_ROOT/initdb.log" 2>&1; then
    cat "$TMP_ROOT/initdb.log" >&2
    die "initdb failed"
fi
cat >>"$PGDATA/postgresql.conf" <<EOF

# --- with_services.sh overrides ---
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$TMP_ROOT'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
# No autovacuum in a throwaway test database: its statistics would otherwise depend on when it
# happened to run between tests. Tests roll back big inserts (the load data, the sweep at scale),
# leaving heaps of dead rows; an auto-analyze that lands between them records "no live rows" over
# those pages, and a later test's plan then walks the whole bloated heap once per outer row (a
# query-budget page took minutes once). Never analyzed, the planner estimates from the pages.
autovacuum = off
EOF

PG_STARTED=1
# pg_ctl runs the postmaster in its own session, so a terminal Ctrl-C does not
# hit it directly; we stop it ourselves in cleanup().
if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$TMP_ROOT/postgres.log" -W start >/dev/null; then
    cat "$TMP_ROOT/postgres.log" >&2 || true
    die "pg_ctl start failed"
fi
deadline=$((SECONDS + 30))
until pg_isready -q -h 127.0.0.1 -p "$PGPORT" -d postgres -U postgres; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        tail -n 50 "$TMP_ROOT/postgres.log" >&2 || true
        die "postgres not ready on 127.0.0.1:$PGPORT after 30s"
    fi
    sleep 0.2
done
# Two roles, as docs/database-roles.md deploys them: crag owns the database and its tables and runs
# the migrations (CREATEDB: the test runner makes its test database with it); crag_app is what the
# test suite connects as, granted rows only (conftest.py), so the audit trail is append-only to it.
psql -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE crag WITH LOGIN CREATEDB PASSWORD 'crag'" \
    -c "CREATE ROLE crag_app WITH LOGIN PASSWORD 'crag_app'" \
    -c "CREATE DATABASE crag OWNER crag" >/dev/null \
    || die "could not create roles/database crag"

# --- 4. redis ---------------------------------------------------------------
# setsid: keep redis out of our process group so a terminal Ctrl-C does not
# kill it behind our back; we stop it in cleanup().
setsid redis-server --bind 127.0.0.1 --port "$REDISPORT" --save '' \
    --appendonly no --daemonize no --dir "$REDIS_DIR" \
    --logfile "$TMP_ROOT/redis.log" </dev/null >/dev/null 2>&1 &
REDIS_PID=$!
deadline=$((SECONDS + 30))
until [ "$(redis-cli -h 127.0.0.1 -p "$REDISPORT" ping 2>/dev/null)" = "PONG" ]; do
    if ! kill -0 "$REDIS_PID" 2>/dev/null; then
        tail -n 50 "$TMP_ROOT/redis.log" >&2 || true
        die "redis-server exited during startup"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        tail -n 50 "$TMP_ROOT/redis.log" >&2 || true
        die "redis not answering PONG on 127.0.0.1:$REDISPORT after 30s"
    fi
    sleep 0.1
done

# --- 5. run the command -----------------------------------------------------
export DATABASE_URL="postgres://crag:crag@127.0.0.1:$PGPORT/crag"
export DATABASE_APP_URL="postgres://crag_app:crag_app@127.0.0.1:$PGPORT/crag"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDISPORT/0"
export REDIS_URL="redis://127.0.0.1:$REDISPORT/1"

log "services up: postgres 127.0.0.1:$PGPORT, redis 127.0.0.1:$REDISPORT (temp dir $TMP_ROOT)"

# Run in the background and `wait`, so that INT/TERM to this script are handled
# immediately. Restore default INT/QUIT dispositions (bash ignores them for
# async commands) and keep our stdin (bash would otherwise use /dev/null).
( trap - INT QUIT; exec "$@" ) <&0 &
CHILD_PID=$!
rc=0
wait "$CHILD_PID" || rc=$?
CHILD_PID=""
exit "$rc"
