#!/usr/bin/env bash
# `make run`: migrate, load demo data, then serve web, two Celery workers (the default queue, and
# the mail queue: a slow mail server never holds up the sweep) and beat together (Procfile).
# Honcho stops them all on Ctrl-C. The workers use threads: under honcho a prefork worker
# was seen never to stop cleanly, while `-P threads` stopped cleanly every time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# DJANGO_DEBUG, no second factor, a 30-second sweep, and the address: CRAG_HOST, CRAG_PORT and the
# CRAG_BASE_URL of the links in emails and the calendar feed.
source scripts/demo_env.sh
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
cat <<MSG

  CRAG is starting at ${CRAG_BASE_URL}/ (choose the port with CRAG_PORT, e.g. CRAG_PORT=8080 make run)
  Demo password for every demo user: ${DEMO_PASSWORD}
  (kept in var/demo-password; set DEMO_PASSWORD to choose your own)
  Press Ctrl-C to stop the web server, the workers and beat.

MSG
# Honcho would let a .env file override the variables above (CRAG_BASE_URL for one); Django reads
# .env itself, for what the shell does not set.
exec .venv/bin/honcho start -f Procfile -e /dev/null
