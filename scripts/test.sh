#!/usr/bin/env bash
# Every check of `make test`, in order. Run inside scripts/with_services.sh, which provides
# DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL / REDIS_URL (Redis).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/test_env.sh
PY=.venv/bin/python
step() { printf '\n== %s\n' "$*"; }

step "ruff check"
.venv/bin/ruff check .
step "ruff format --check"
.venv/bin/ruff format --check .
step "mypy"
.venv/bin/mypy .
step "import-linter (the layers run one way: pyproject.toml [tool.importlinter])"
.venv/bin/lint-imports
step "manage.py check"
$PY manage.py check --fail-level WARNING
step "makemigrations --check"
$PY manage.py makemigrations --check --dry-run
step "check --deploy (production variables)"
$PY manage.py check --deploy --fail-level WARNING
step "deploy/: systemd-analyze verify, then start what the units run (scripts/check_deploy.sh)"
scripts/check_deploy.sh
step "pytest"
exec scripts/pytest.sh "$@"
