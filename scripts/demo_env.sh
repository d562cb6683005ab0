# The demo's environment, sourced by scripts/run_demo.sh (`make run`); it sets variables only.
# Choose the address with CRAG_HOST (127.0.0.1) and CRAG_PORT (8000), e.g. `CRAG_PORT=8080 make run`.
export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"
# The demo lets a newcomer in with a password alone; every page says so. Production cannot.
export CRAG_REQUIRE_MFA="${CRAG_REQUIRE_MFA:-false}"
# Sweep the deadlines every 30 seconds, so a newly recorded incident's reminders show at once.
export CRAG_SWEEP_SECONDS="${CRAG_SWEEP_SECONDS:-30}"
export CRAG_HOST="${CRAG_HOST:-127.0.0.1}"
export CRAG_PORT="${CRAG_PORT:-8000}"
# Links in reminder emails and the calendar feed use CRAG_BASE_URL: the address served, unless
# given. Listening on every address (0.0.0.0) still needs one a browser can open.
crag_link_host="$CRAG_HOST"
if [[ "$crag_link_host" == "0.0.0.0" ]]; then
  crag_link_host=127.0.0.1
fi
export CRAG_BASE_URL="${CRAG_BASE_URL:-http://${crag_link_host}:${CRAG_PORT}}"
unset crag_link_host
