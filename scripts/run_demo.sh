#!/usr/bin/env bash
# `make run`: migrate, load demo data, then serve web, a Celery worker and beat together.
# Honcho stops all three on Ctrl-C. The worker uses threads: under honcho a prefork worker
# was seen never to stop cleanly, while `-P threads` stopped cleanly every time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"
# The demo lets a newcomer in with a password alone; every page says so. Production cannot.
export CRAG_REQUIRE_MFA="${CRAG_REQUIRE_MFA:-false}"
# Sweep the deadlines every 30 seconds, so a newly recorded incident's reminders show at once.
export CRAG_SWEEP_SECONDS="${CRAG_SWEEP_SECONDS:-30}"
mkdir -p var
chmod 700 var
if [[ -z "${DEMO_PASSWORD:-}" ]]; then
  if [[ ! -s var/demo-password ]]; then
    (umask 077; .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(15))' > var/demo-password)
  fi
  DEMO_PASSWORD="$(cat var/demo-password)"
  export DEMO_PASSWORD
fi
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py seed_demo --reset-passwords
port="${CRAG_PORT:-8000}"
cat <<MSG

  CRAG is starting at http://127.0.0.1:${port}/
  Demo password for every demo user: ${DEMO_PASSWORD}
  (kept in var/demo-password; set DEMO_PASSWORD to choose your own)
  Press Ctrl-C to stop the web server, the worker and beat.

MSG
exec .venv/bin/honcho start -f Procfile
