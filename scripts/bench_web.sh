#!/usr/bin/env bash
# Benchmark the web pages on the production stack, on loopback, with load data.
#
# Usage (as root): scripts/bench_web.sh
#   SCALE=10 (generate_load_data --years 10 --scale SCALE), DURATION=15s, WARMUP=3s,
#   CONNECTIONS=16, THREADS=2 (wrk), WORKERS=2*cores (gunicorn sync workers), SEED=1.
#
# Starts a throwaway PostgreSQL 15 and Redis (scripts/with_services.sh), migrates, generates load
# data, starts gunicorn with production settings (DEBUG off, MFA required, persistent database
# connections; only the HTTPS redirect is off because loopback speaks plain HTTP), signs the
# benchmark users in (sessions that passed the second factor) and runs wrk on each page. Prints
# requests/s, p50, p99 and server CPU per request (gunicorn + PostgreSQL processes) against two
# references: a floor page (one primary-key query) and the Django admin's action changelist.
# Everything it started is stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "${1:-}" != "--inside-services" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench_web: run me as root (PostgreSQL runs as the postgres user, wrk may need apt-get)" >&2
        exit 1
    fi
    if ! command -v wrk >/dev/null 2>&1; then
        echo "bench_web: installing wrk" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
    fi
    exec scripts/with_services.sh "$0" --inside-services
fi

# --- inside with_services.sh: DATABASE_URL, CELERY_BROKER_URL, REDIS_URL are set ---------------
SCALE=${SCALE:-10}
SEED=${SEED:-1}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
CORES=$(nproc)
WORKERS=${WORKERS:-$((2 * CORES))}
PY=.venv/bin/python

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_web.XXXXXX")
GUNICORN_PID=""
cleanup() {
    set +e
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID"
        for _ in $(seq 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$GUNICORN_PID" 2>/dev/null
        wait "$GUNICORN_PID" 2>/dev/null
    fi
    rm -rf -- "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Production settings (README "Production"), as scripts/test_env.sh sets them for the tests.
source scripts/test_env.sh
export DJANGO_SETTINGS_MODULE=scripts.bench_settings
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=false   # plain HTTP on loopback; everything else as in production
export DJANGO_CONN_MAX_AGE=600            # persistent connections, as production should run
export CRAG_REQUIRE_MFA=true
export DJANGO_STATIC_ROOT="$WORK/static"
export CRAG_PRIVATE_ROOT="$WORK/private"
export DJANGO_LOG_LEVEL=WARNING
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

echo "bench_web: $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" >&2
$PY manage.py migrate -v 0
$PY manage.py collectstatic --no-input -v 0
$PY manage.py check --deploy --fail-level ERROR >/dev/null
# Background + wait: a TERM from with_services.sh is then handled at once (trap above).
$PY manage.py generate_load_data --years 10 --scale "$SCALE" --seed "$SEED" &
wait $!
$PY scripts/bench_web.py setup "$WORK/setup.json" --sessions "$CONNECTIONS" &
wait $!

PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/gunicorn crag.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --worker-class sync --timeout 60 --log-level warning --error-logfile "$WORK/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 100); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then break; fi
    kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log" >&2; exit 1; }
    sleep 0.2
done
echo "bench_web: gunicorn $WORKERS sync workers on 127.0.0.1:$PORT (pid $GUNICORN_PID)" >&2

$PY scripts/bench_web.py run "$WORK/setup.json" --port "$PORT" --gunicorn "$GUNICORN_PID" \
    --duration "$DURATION" --warmup "$WARMUP" --connections "$CONNECTIONS" --threads "$THREADS" &
wait $!
if grep -q -E "Traceback|ERROR" "$WORK/gunicorn.log"; then
    echo "bench_web: gunicorn logged errors:" >&2
    tail -n 40 "$WORK/gunicorn.log" >&2
fi
