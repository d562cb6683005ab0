# Sourced by scripts/test.sh and scripts/pytest.sh: production-like variables (DEBUG off, so no
# demo default applies) around the DATABASE_URL and CELERY_BROKER_URL of with_services.sh.
: "${DATABASE_URL:?run me through scripts/with_services.sh}"
: "${CELERY_BROKER_URL:?run me through scripts/with_services.sh}"
export DJANGO_DEBUG=false
DJANGO_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-crag.test}"
# The restore drill (tests/test_restore_drill.py) dumps and restores with the server's own tools.
export CRAG_PG_BIN="${CRAG_PG_BIN:-/usr/lib/postgresql/15/bin}"
