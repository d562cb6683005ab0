#!/usr/bin/env bash
# Check deploy/: the systemd units are valid, and the commands they run start and work.
#
# Run inside scripts/with_services.sh (make test runs it from scripts/test.sh), which provides
# DATABASE_URL (the owner role, crag), DATABASE_APP_URL (crag_app) and CELERY_BROKER_URL.
#
# 1. `systemd-analyze verify` on every unit in deploy/ (when systemd-analyze is installed), on a
#    copy whose paths are those of this checkout (/opt/crag -> here, /var/lib/crag and
#    /etc/crag/crag.env -> a temp dir): only paths change. Any message fails the check, since
#    verify reports an unknown or misspelt directive as a warning with exit status 0. Then
#    `systemd-analyze security --offline`: each of the four units' exposure must stay 2.0 or less.
# 2. `nginx -t` on deploy/nginx-crag.conf, only when nginx is installed (it is not required; or
#    CHECK_DEPLOY_NGINX=/path/to/nginx, e.g. the binary of Debian's nginx package unpacked with
#    `apt-get download nginx nginx-common && dpkg -x ...`, without installing or starting it).
# 3. Starts the ExecStart= of crag-web, crag-worker, crag-mail and crag-beat, read from those
#    copies, with a clean environment made from an env file as systemd would (EnvironmentFile=),
#    against a database of its own (migrated by the owner role, then grant_app_role; the units
#    connect as crag_app, as in production) and Redis databases of their own. Waits on state,
#    never a fixed time: gunicorn answers /healthz 200, both workers answer `celery inspect ping`,
#    beat writes its schedule file. Then sends each main process TERM, as systemd does
#    (KillMode=mixed), and requires each to exit cleanly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
: "${DATABASE_URL:?run me through scripts/with_services.sh}"
: "${DATABASE_APP_URL:?run me through scripts/with_services.sh}"
: "${CELERY_BROKER_URL:?run me through scripts/with_services.sh}"
LIMIT=${CHECK_DEPLOY_TIMEOUT:-60}   # seconds each wait may take at most
UNITS=(web worker mail beat)

say() { printf 'check_deploy: %s\n' "$*"; }
fail() {
    printf 'check_deploy: FAILED: %s\n' "$*" >&2
    exit 1
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/check_deploy.XXXXXX")
declare -A PIDS=()
DB_NAME="crag_deploy_check_$$"
DB_MADE=0
cleanup() {
    set +e
    for name in "${!PIDS[@]}"; do
        kill -KILL -- "-${PIDS[$name]}" 2>/dev/null
        wait "${PIDS[$name]}" 2>/dev/null
    done
    if [ "$DB_MADE" -eq 1 ]; then
        psql -X -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1
    fi
    rm -rf -- "$TMP"
}
trap cleanup EXIT

# --- 1. the unit files, with this checkout's paths ---------------------------------------------
mkdir -p "$TMP/units" "$TMP/var/private" "$TMP/var/static" "$TMP/logs"
for unit in deploy/*.service deploy/*.timer; do
    [ -e "$unit" ] || continue
    sed -e "s#/opt/crag#$ROOT#g" -e "s#/var/lib/crag#$TMP/var#g" -e "s#/etc/crag/crag.env#$TMP/crag.env#g" \
        -e "s#/run/#$TMP/run/#g" "$unit" >"$TMP/units/$(basename "$unit")"
done
: >"$TMP/crag.env"
if command -v systemd-analyze >/dev/null 2>&1; then
    out=$(cd "$TMP/units" && systemd-analyze verify --man=no ./* 2>&1) \
        || fail "systemd-analyze verify:"$'\n'"$out"
    [ -z "$out" ] || fail "systemd-analyze verify reported:"$'\n'"$out"
    say "systemd-analyze verify: $(ls "$TMP/units" | tr '\n' ' ')ok"
    # Exposure on systemd's 0-10 scale (threshold in tenths): 2.0 or less is systemd's "OK".
    for name in "${UNITS[@]}"; do
        out=$(systemd-analyze security --offline=true --threshold=20 --no-pager \
            "$TMP/units/crag-$name.service" 2>&1) || fail "crag-$name.service: exposure above 2.0:"$'\n'"$out"
        say "$(tail -n 1 <<<"$out" | sed 's/^→ //')"
    done
else
    say "systemd-analyze not installed: unit files not verified (the commands are still started)"
fi

NGINX=${CHECK_DEPLOY_NGINX:-nginx}   # CHECK_DEPLOY_NGINX=/path/to/nginx: a binary not on PATH
if command -v "$NGINX" >/dev/null 2>&1; then
    # nginx -t needs the certificate files the config names, and writable temp paths: test a copy
    # with a throwaway pair, inside a minimal nginx.conf of our own.
    openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=crag.test -days 1 \
        -keyout "$TMP/key.pem" -out "$TMP/cert.pem" >/dev/null 2>&1
    sed -e "s#/etc/letsencrypt/live/crag.example.gov.uk/fullchain.pem#$TMP/cert.pem#" \
        -e "s#/etc/letsencrypt/live/crag.example.gov.uk/privkey.pem#$TMP/key.pem#" \
        deploy/nginx-crag.conf >"$TMP/site.conf"
    cat >"$TMP/nginx.conf" <<EOF
pid $TMP/nginx.pid;
error_log stderr;
events {}
http {
    access_log off;
    client_body_temp_path $TMP/nginx-body;
    proxy_temp_path $TMP/nginx-proxy;
    fastcgi_temp_path $TMP/nginx-fastcgi;
    uwsgi_temp_path $TMP/nginx-uwsgi;
    scgi_temp_path $TMP/nginx-scgi;
    include $TMP/site.conf;
}
EOF
    "$NGINX" -t -q -p "$TMP" -c "$TMP/nginx.conf" || fail "nginx -t on deploy/nginx-crag.conf"
    say "nginx -t: ok ($("$NGINX" -v 2>&1))"
else
    say "nginx not installed: deploy/nginx-crag.conf not tested (nginx is not required here)"
fi

# --- 2. a database and Redis databases of our own, set up as docs/operations.md says ----------
url_with_db() { "$PY" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p._replace(path="/" + sys.argv[2]).geturl())' "$1" "$2"; }
OWNER_URL=$(url_with_db "$DATABASE_URL" "$DB_NAME")
APP_URL=$(url_with_db "$DATABASE_APP_URL" "$DB_NAME")
BROKER_URL=$(url_with_db "$CELERY_BROKER_URL" 14)
CACHE_URL=$(url_with_db "$CELERY_BROKER_URL" 15)
psql -X -q "$DATABASE_URL" -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB_NAME" >/dev/null
DB_MADE=1
redis-cli -u "$BROKER_URL" flushdb >/dev/null
redis-cli -u "$CACHE_URL" flushdb >/dev/null

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$TMP/crag.env" <<EOF
DJANGO_DEBUG=false
DJANGO_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
DJANGO_ALLOWED_HOSTS=crag.test
DATABASE_URL=$APP_URL
CELERY_BROKER_URL=$BROKER_URL
REDIS_URL=$CACHE_URL
DJANGO_BEHIND_PROXY=true
CRAG_PROXY_COUNT=1
DJANGO_STATIC_ROOT=$TMP/var/static
CRAG_PRIVATE_ROOT=$TMP/var/private
CRAG_BASE_URL=https://crag.test
EOF
# A clean environment made of the env file's lines (and PATH, HOME, LANG), as systemd starts a unit.
mapfile -t ENV_ARGS < <(grep -v -e '^#' -e '^$' "$TMP/crag.env")
ENV_ARGS=(PATH=/usr/bin:/bin HOME="$TMP/var" LANG=C.UTF-8 "${ENV_ARGS[@]}")
run_env() { env -i "${ENV_ARGS[@]}" "$@"; }
started=$SECONDS
run_env DATABASE_URL="$OWNER_URL" "$PY" manage.py migrate --no-input -v 0 \
    || fail "migrate as the owner role"
run_env DATABASE_URL="$OWNER_URL" "$PY" manage.py grant_app_role crag_app >/dev/null \
    || fail "grant_app_role crag_app"
run_env "$PY" manage.py collectstatic --no-input -v 0 || fail "collectstatic"
say "database $DB_NAME migrated as the owner, crag_app granted, static collected ($((SECONDS - started)) s)"

# --- 3. start each unit's ExecStart --------------------------------------------------------------
directive() {  # directive UNIT KEY: the value of KEY= in the copy of crag-UNIT.service
    sed -n "s/^$2=//p" "$TMP/units/crag-$1.service" | tail -n 1
}
for name in "${UNITS[@]}"; do
    cmd=$(directive "$name" ExecStart)
    [ -n "$cmd" ] || fail "crag-$name.service has no ExecStart="
    cmd=${cmd//%%/%}                                 # systemd's escaped percent sign
    cmd=${cmd//127.0.0.1:8000/127.0.0.1:$PORT}       # a free port: the demo may be using 8000
    workdir=$(directive "$name" WorkingDirectory)
    # RuntimeDirectory=: systemd makes /run/NAME for the unit (here under $TMP/run).
    runtime=$(directive "$name" RuntimeDirectory)
    [ -z "$runtime" ] || mkdir -p "$TMP/run/$runtime"
    # Environment= (no quoting used in deploy/), then the env file, which overrides it as in systemd.
    # shellcheck disable=SC2207
    unit_env=($(sed -n 's/^Environment=//p' "$TMP/units/crag-$name.service"))
    say "crag-$name: ${unit_env[*]} $cmd"
    # Its own process group (setsid), so cleanup can stop it with all its children.
    # shellcheck disable=SC2086  # ExecStart is split on spaces, as systemd splits it
    (cd "$workdir" && exec setsid env -i "${unit_env[@]}" "${ENV_ARGS[@]}" $cmd) >"$TMP/logs/$name.log" 2>&1 &
    PIDS[$name]=$!
done

show_logs() { for name in "${UNITS[@]}"; do printf -- '--- %s ---\n' "$name"; tail -n 30 "$TMP/logs/$name.log"; done; }
# wait_for WHAT CMD...: run CMD until it succeeds; fail if a process died or LIMIT passed.
wait_for() {
    local what=$1 deadline=$((SECONDS + LIMIT))
    shift
    until "$@"; do
        for name in "${UNITS[@]}"; do
            kill -0 "${PIDS[$name]}" 2>/dev/null || { show_logs >&2; fail "crag-$name exited while waiting for $what"; }
        done
        [ "$SECONDS" -lt "$deadline" ] || { show_logs >&2; fail "no $what after ${LIMIT}s"; }
        sleep 0.2
    done
    say "$what ($((SECONDS - started)) s)"
}
healthz() {
    local code
    code=$(curl -s -o "$TMP/healthz.json" -w '%{http_code}' -H 'Host: crag.test' \
        -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/healthz" || true)
    [ "$code" = 200 ]
}
logged() { grep -q "$2" "$TMP/logs/$1.log"; }
schedule_written() { compgen -G "$TMP/var/celerybeat-schedule*" >/dev/null; }
wait_for "gunicorn answers /healthz 200" healthz
# /metrics, as nginx passes a request from the host itself (X-Forwarded-For appended: 127.0.0.1).
code=$(curl -s -o "$TMP/metrics.txt" -w '%{http_code}' -H 'Host: crag.test' -H 'X-Forwarded-Proto: https' \
    -H 'X-Forwarded-For: 127.0.0.1' "http://127.0.0.1:$PORT/metrics" || true)
[ "$code" = 200 ] && grep -q '^crag_' "$TMP/metrics.txt" || { head -c 2000 "$TMP/metrics.txt" >&2; fail "/metrics answered $code"; }
compgen -G "$TMP/run/crag-web/*.db" >/dev/null \
    || fail "gunicorn's workers wrote no metrics to PROMETHEUS_MULTIPROC_DIR (multiprocess mode off?)"
say "/metrics answers loopback 200 with crag_ metrics, gathered from $(ls "$TMP/run/crag-web" | wc -l) files of the workers"
wait_for "crag-worker ready" logged worker 'celery@.* ready\.'
wait_for "crag-mail ready" logged mail 'mail@.* ready\.'
HOST=$(hostname)
run_env "$ROOT/.venv/bin/celery" -A crag inspect ping --timeout 5 -d "celery@$HOST,mail@$HOST" \
    >"$TMP/ping.txt" 2>&1 || { cat "$TMP/ping.txt" >&2; fail "celery inspect ping"; }
[ "$(grep -c 'pong' "$TMP/ping.txt")" -eq 2 ] || { cat "$TMP/ping.txt" >&2; fail "both workers must answer ping"; }
say "both workers answer celery inspect ping"
wait_for "crag-beat started" logged beat 'beat: Starting'
wait_for "crag-beat wrote its schedule" schedule_written

# --- 4. stop them as systemd does: TERM to the main process, then wait -----------------------
for name in "${UNITS[@]}"; do
    kill -TERM "${PIDS[$name]}"
done
stopped() {
    local name
    for name in "${UNITS[@]}"; do
        ! kill -0 "${PIDS[$name]}" 2>/dev/null || [ "$(ps -o stat= -p "${PIDS[$name]}")" = Z ] || return 1
    done
}
deadline=$((SECONDS + LIMIT))
until stopped; do
    [ "$SECONDS" -lt "$deadline" ] || { show_logs >&2; fail "not all stopped ${LIMIT}s after TERM"; }
    sleep 0.2
done
for name in "${UNITS[@]}"; do
    rc=0
    wait "${PIDS[$name]}" || rc=$?
    unset "PIDS[$name]"
    [ "$rc" -eq 0 ] || { tail -n 30 "$TMP/logs/$name.log" >&2; fail "crag-$name exited $rc on TERM"; }
done
say "all four stopped cleanly on TERM; total $((SECONDS - started)) s"
