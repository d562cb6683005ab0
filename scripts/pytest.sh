#!/usr/bin/env bash
# The test suite alone, e.g. `scripts/with_services.sh scripts/pytest.sh crag/tests/test_roles.py`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/test_env.sh
# The test client and the live server speak plain HTTP on loopback.
export DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1,testserver"
export DJANGO_SECURE_SSL_REDIRECT=false
.venv/bin/python manage.py collectstatic --no-input -v 0
set +e
# The slowest tests are printed every run, so that a suite growing slower shows who made it so.
.venv/bin/pytest --durations=25 "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit $status
