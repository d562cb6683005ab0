"""Settings of the web benchmark (scripts/bench_web.sh): production settings, plus a floor view.

Everything comes from crag.settings and the environment; only the URL configuration differs, so
that the benchmark can add its reference page without touching crag/urls.py.
"""

from crag.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"
